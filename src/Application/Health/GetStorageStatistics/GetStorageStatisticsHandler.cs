using CleanEventStore.Application.Abstractions.Storage;
using Mediator;

namespace CleanEventStore.Application.Health.GetStorageStatistics;

public sealed class GetStorageStatisticsHandler(IEventStore store) : IQueryHandler<GetStorageStatisticsQuery, GetStorageStatisticsResult>
{
    public async ValueTask<GetStorageStatisticsResult> Handle(GetStorageStatisticsQuery query, CancellationToken cancellationToken)
    {
        var statistics = await store.GetStatisticsAsync(cancellationToken);
        return new GetStorageStatisticsResult(statistics, store.ListStreamsAsync(cancellationToken));
    }
}
