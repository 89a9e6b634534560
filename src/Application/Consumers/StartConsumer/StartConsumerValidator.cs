using System.Text;
using CleanEventStore.Application.Consumers.Common;
using FluentValidation;

namespace CleanEventStore.Application.Consumers.StartConsumer;

public sealed class StartConsumerValidator : AbstractValidator<StartConsumerCommand>
{
    public StartConsumerValidator()
    {
        RuleFor(c => c.Handler).Custom((handler, context) =>
        {
            if (string.IsNullOrWhiteSpace(handler))
            {
                context.AddFailure("handler", ConsumerMessages.HandlerMissing);
            }
            else if (Encoding.UTF8.GetByteCount(handler) > ConsumerLimits.MaxHandlerBytes)
            {
                context.AddFailure("handler", ConsumerMessages.HandlerTooLarge);
            }
        });
        RuleFor(c => c.State).Custom((state, context) =>
        {
            if (state is not null && !ConsumerStateShape.IsObjectWithinDepth(state, ConsumerLimits.MaxStateDepth))
            {
                context.AddFailure("state", ConsumerMessages.StateNotObject);
            }
            else if (state is not null && ConsumerStateShape.HasUnpairedSurrogate(state))
            {
                context.AddFailure("state", ConsumerMessages.StateUnpairedSurrogate);
            }
        });
    }
}
