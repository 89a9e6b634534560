using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Streams.ReadCategory;

public sealed class ReadCategoryValidator : AbstractValidator<ReadCategoryQuery>
{
    public ReadCategoryValidator()
    {
        RuleFor(q => q.Category).MustBeStreamName("category", allowAll: false);
    }
}
