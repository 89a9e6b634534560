using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Consumers.GetConsumer;

public sealed class GetConsumerHandler(IConsumerManager consumers) : IQueryHandler<GetConsumerQuery, GetConsumerResult>
{
    public ValueTask<GetConsumerResult> Handle(GetConsumerQuery query, CancellationToken cancellationToken)
    {
        var consumer = consumers.Find(ConsumerId.Parse(query.Identifier))
            ?? throw new ConsumerNotFoundException(query.Identifier);
        return ValueTask.FromResult(new GetConsumerResult(consumer));
    }
}
