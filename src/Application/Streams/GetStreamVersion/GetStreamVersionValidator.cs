using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Streams.GetStreamVersion;

public sealed class GetStreamVersionValidator : AbstractValidator<GetStreamVersionQuery>
{
    public GetStreamVersionValidator()
    {
        RuleFor(q => q.Stream).MustBeStreamName("stream", allowAll: true);
    }
}
