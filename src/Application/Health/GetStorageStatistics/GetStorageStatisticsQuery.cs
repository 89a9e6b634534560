using CleanEventStore.Application.Abstractions.Storage;
using Mediator;

namespace CleanEventStore.Application.Health.GetStorageStatistics;

/// <summary>Segments, indexes and bytes of the storage engine.</summary>
public sealed record GetStorageStatisticsQuery : IQuery<StoreStatistics>;
