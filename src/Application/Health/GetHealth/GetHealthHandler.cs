using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Waiting;
using Mediator;

namespace CleanEventStore.Application.Health.GetHealth;

public sealed class GetHealthHandler(IEventStore store, IConsumerManager consumers, LongPolls longPolls) : IQueryHandler<GetHealthQuery, GetHealthResult>
{
    public async ValueTask<GetHealthResult> Handle(GetHealthQuery query, CancellationToken cancellationToken)
    {
        var statistics = await store.GetStatisticsAsync(cancellationToken);
        return new GetHealthResult(
            Healthy: statistics.Open && statistics.Writable,
            statistics.Open,
            statistics.Writable,
            statistics.Length,
            statistics.Streams,
            consumers.Count,
            statistics.Engine,
            statistics.Durability,
            statistics.FaultReason,
            longPolls.Open,
            longPolls.OpenFollowers);
    }
}
