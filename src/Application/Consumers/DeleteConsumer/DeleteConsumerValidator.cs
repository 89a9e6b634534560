using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Consumers.DeleteConsumer;

public sealed class DeleteConsumerValidator : AbstractValidator<DeleteConsumerCommand>
{
    public DeleteConsumerValidator()
    {
        RuleFor(c => c.Identifier).MustBeConsumerId();
    }
}
