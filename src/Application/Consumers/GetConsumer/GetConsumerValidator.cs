using CleanEventStore.Application.Common.Validation;
using FluentValidation;

namespace CleanEventStore.Application.Consumers.GetConsumer;

public sealed class GetConsumerValidator : AbstractValidator<GetConsumerQuery>
{
    public GetConsumerValidator()
    {
        RuleFor(q => q.Identifier).MustBeConsumerId();
    }
}
