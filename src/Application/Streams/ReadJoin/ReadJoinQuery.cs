using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadJoin;

/// <summary>
/// Read the join of the streams of <paramref name="Selector"/> (normalized) in global order, optionally filtered by a
/// matcher (null: every event). Windows are in global positions.
/// </summary>
public sealed record ReadJoinQuery(Selector Selector, ReadWindow Window, Matcher? Filter, FollowRequest? Follow = null) : IQuery<ReadJoinResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("a read of a join");
}
