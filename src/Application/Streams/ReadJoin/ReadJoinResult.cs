using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Application.Streams.ReadJoin;

/// <summary>The normalized selector, the log length when the read started, and the events.</summary>
public sealed record ReadJoinResult(Selector Selector, long Version, EventFeed Events, EventFollow? Follow = null);
