using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Events.QueryByTypes;

/// <summary>
/// The DCB read: events of <paramref name="Selector"/> (normalized) from the global position <paramref name="From"/>
/// (null: the start), filtered by <paramref name="Matcher"/> (null: every event), with the commit condition that
/// protects a decision taken on them; with <paramref name="Follow"/>, followed (history, caughtUp, live events).
/// </summary>
public sealed record QueryByTypesQuery(Selector Selector, Matcher? Matcher, RevisionBound? From, FollowRequest? Follow = null) : IQuery<QueryByTypesResult>, IRequireAccess
{
    /// <summary>What every DCB query needs, known before the request's values are built.</summary>
    public static AccessRequirement Requirement { get; } = AccessRequirement.Query("a DCB query, which reads every stream");

    public AccessRequirement Access => Requirement;
}
