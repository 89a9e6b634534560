using CleanEventStore.Application.Common.Exceptions;
using FluentValidation;
using Mediator;

namespace CleanEventStore.Application.Common.Behaviors;

/// <summary>
/// Runs the FluentValidation validators of the message (singletons, resolved once) and throws
/// <see cref="RequestValidationException"/> with the errors grouped by property. Messages without validators
/// pass through without allocating.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length == 0)
        {
            return next(message, cancellationToken);
        }

        Dictionary<string, List<string>>? errors = null;
        foreach (var validator in _validators)
        {
            var result = validator.Validate(message);
            if (result.IsValid)
            {
                continue;
            }

            errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var failure in result.Errors)
            {
                if (!errors.TryGetValue(failure.PropertyName, out var messages))
                {
                    messages = [];
                    errors[failure.PropertyName] = messages;
                }

                messages.Add(failure.ErrorMessage);
            }
        }

        if (errors is not null)
        {
            var grouped = new Dictionary<string, string[]>(errors.Count, StringComparer.Ordinal);
            foreach (var pair in errors)
            {
                grouped[pair.Key] = [.. pair.Value];
            }

            throw new RequestValidationException(grouped);
        }

        return next(message, cancellationToken);
    }
}
