using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Streams.CloseStream;

public sealed class CloseStreamValidator : AbstractValidator<CloseStreamCommand>
{
    public CloseStreamValidator()
    {
        RuleFor(c => c.Stream).MustBeStreamName("stream", allowAll: false);
    }
}
