using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Application.Streams.Common;

/// <summary>
/// One thing a follow sends: a batch of events (<see cref="Events"/>, valid until the follow moves on; each line's
/// global position is <see cref="EventBatch.PositionAt"/>), or a <c>caughtUp</c> or <c>heartbeat</c> line carrying
/// <see cref="Position"/>, a committed head at or below which every matching event has been sent.
/// </summary>
public readonly record struct FollowItem(FollowItemKind Kind, EventBatch? Events, long Position);
