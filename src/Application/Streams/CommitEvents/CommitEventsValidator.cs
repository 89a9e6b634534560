using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Streams.CommitEvents;

public sealed class CommitEventsValidator : AbstractValidator<CommitEventsCommand>
{
    public CommitEventsValidator()
    {
        RuleFor(c => c.Events)
            .Must(events => events is { Count: > 0 })
            .WithMessage("Commit payload must include a non-empty events array.")
            .DependentRules(() =>
                RuleFor(c => c.Events).Custom((events, context) =>
                {
                    for (var i = 0; i < events.Count; i++)
                    {
                        if (!JsonShape.IsObject(events[i].Span))
                        {
                            context.AddFailure($"events[{i}]", $"events[{i}] must be a JSON object.");
                            return;
                        }
                    }
                }));

        RuleFor(c => c.Metadata).Custom((metadata, context) =>
        {
            if (metadata.IsEmpty || JsonShape.IsNull(metadata.Span))
            {
                return;
            }

            if (!JsonShape.IsObject(metadata.Span))
            {
                context.AddFailure("metadata", "metadata must be a JSON object.");
                return;
            }

            if (CommitMetadata.FindReservedKey(metadata.Span) is { } reserved)
            {
                context.AddFailure(
                    "metadata",
                    $"metadata must not set \"{reserved}\": it is reserved for the store (reserved keys: {string.Join(", ", CommitMetadata.ReservedKeys)}).");
            }
        });

        RuleFor(c => c.Idempotency).Custom((token, context) =>
        {
            if (token is null)
            {
                return;
            }

            if (token.Key.Length is 0 or > IdempotencyToken.MaxKeyLength || token.Key.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E))
            {
                context.AddFailure(
                    "Idempotency-Key",
                    $"Idempotency-Key must be 1 to {IdempotencyToken.MaxKeyLength} visible ASCII characters.");
            }
        });
    }
}
