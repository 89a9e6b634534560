namespace CleanEventStore.Application.Streams.Common;

/// <summary>What a <see cref="FollowItem"/> is.</summary>
public enum FollowItemKind
{
    /// <summary>A batch of matching events.</summary>
    Events,

    /// <summary>The history is sent: every matching event at or below the position was sent (once per follow).</summary>
    CaughtUp,

    /// <summary>Nothing was sent for the heartbeat interval; every matching event at or below the position was sent.</summary>
    Heartbeat,
}
