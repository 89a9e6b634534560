using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Health.GetStorageStatistics;

/// <summary>Segments, indexes and bytes of the storage engine, and every stream with its size.</summary>
public sealed record GetStorageStatisticsQuery : IQuery<GetStorageStatisticsResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.Admin("the storage statistics");
}
