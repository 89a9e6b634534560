using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadJoin;

/// <summary>
/// Read the join of streams in global order: <paramref name="Selector"/> (JSON, wins) or <paramref name="Streams"/>
/// (every value of <c>?streams=</c>, each comma-separated). Windows are in global positions.
/// </summary>
public sealed record ReadJoinQuery(IReadOnlyList<string> Streams, string? Selector, ReadWindow Window, string? Filter) : IQuery<ReadJoinResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("a read of a join");
}
