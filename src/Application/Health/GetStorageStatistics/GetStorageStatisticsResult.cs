using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Application.Health.GetStorageStatistics;

public sealed record GetStorageStatisticsResult(StoreStatistics Statistics, IAsyncEnumerable<StreamInfo> Streams);
