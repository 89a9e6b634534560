namespace CleanEventStore.Client;

/// <summary>
/// One item of a follow: an event, the caught-up signal, or a heartbeat. Each carries <see cref="Checkpoint"/>, the
/// position to resume after (<see cref="FollowOptions.After"/>): store it with what the event changed, and a follow
/// restarted from it sends every later event exactly once.
/// </summary>
public sealed class FollowMessage
{
    internal FollowMessage(FollowMessageKind kind, RecordedEvent? recorded, long position, long checkpoint)
    {
        Kind = kind;
        Event = recorded;
        Position = position;
        Checkpoint = checkpoint;
    }

    /// <summary>What the message says.</summary>
    public FollowMessageKind Kind { get; }

    /// <summary>The event of an <see cref="FollowMessageKind.Event"/> message, else null.</summary>
    public RecordedEvent? Event { get; }

    /// <summary>
    /// The global position of the event, or for <see cref="FollowMessageKind.CaughtUp"/> and
    /// <see cref="FollowMessageKind.Heartbeat"/> the server's committed head <c>P</c>: every matching event at or below
    /// it has been sent.
    /// </summary>
    public long Position { get; }

    /// <summary>The highest position covered so far (events and heartbeats): the position to resume after.</summary>
    public long Checkpoint { get; }
}
