using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Consumers.GetConsumer;

public sealed class GetConsumerHandler(IConsumerManager consumers, AccessGuard access) : IQueryHandler<GetConsumerQuery, GetConsumerResult>
{
    public async ValueTask<GetConsumerResult> Handle(GetConsumerQuery query, CancellationToken cancellationToken)
    {
        access.DemandConsumers("reading a consumer");
        var consumer = await consumers.FindAsync(query.Id, cancellationToken)
            ?? throw new ConsumerNotFoundException(query.Id.Value);
        await access.DemandReadAsync(consumer.Stream, cancellationToken);
        return new GetConsumerResult(consumer);
    }
}
