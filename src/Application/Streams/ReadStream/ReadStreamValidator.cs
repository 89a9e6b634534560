using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Streams.ReadStream;

public sealed class ReadStreamValidator : AbstractValidator<ReadStreamQuery>
{
    public ReadStreamValidator()
    {
        RuleFor(q => q.Stream).MustBeStreamName("stream", allowAll: true);
    }
}
