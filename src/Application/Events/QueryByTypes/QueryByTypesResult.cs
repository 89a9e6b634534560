using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Dcb;

namespace CleanEventStore.Application.Events.QueryByTypes;

/// <summary>The condition to send back with a commit (<c>noneMatchAfter</c> = log length now) and the matching events.</summary>
public sealed record QueryByTypesResult(CommitCondition Condition, EventFeed Events, EventFollow? Follow = null);
