using CleanEventStore.Application.Abstractions.Storage;
using Mediator;

namespace CleanEventStore.Application.Health.GetStorageStatistics;

public sealed class GetStorageStatisticsHandler(IEventStore store) : IQueryHandler<GetStorageStatisticsQuery, StoreStatistics>
{
    public ValueTask<StoreStatistics> Handle(GetStorageStatisticsQuery query, CancellationToken cancellationToken) =>
        store.GetStatisticsAsync(cancellationToken);
}
