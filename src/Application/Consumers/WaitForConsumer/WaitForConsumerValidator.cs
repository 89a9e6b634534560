using CleanEventStore.Application.Common.Validation;
using CleanEventStore.Application.Consumers.Common;
using FluentValidation;

namespace CleanEventStore.Application.Consumers.WaitForConsumer;

public sealed class WaitForConsumerValidator : AbstractValidator<WaitForConsumerQuery>
{
    public WaitForConsumerValidator()
    {
        RuleFor(q => q.Identifier).MustBeConsumerId();
        RuleFor(q => q.MinVersion)
            .GreaterThanOrEqualTo(1)
            .WithName("minVersion")
            .WithMessage(ConsumerMessages.MinVersionNotPositive);
    }
}
