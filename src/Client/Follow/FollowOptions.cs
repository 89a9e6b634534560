namespace CleanEventStore.Client;

/// <summary>How <see cref="EventStoreClient.FollowAsync"/> starts and how it survives dropped connections.</summary>
public sealed record FollowOptions
{
    /// <summary>The options used when none are given.</summary>
    public static FollowOptions Default { get; } = new();

    /// <summary>
    /// Resume after this global position: only events at higher positions are sent (the last
    /// <see cref="FollowMessage.Checkpoint"/> a previous follow saw). Null: start at the target's start.
    /// </summary>
    public long? After { get; init; }

    /// <summary>The delay before the first reconnection after a failure; it doubles with each consecutive failure (with jitter). Default 250 ms.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest delay between reconnections (a server's <c>Retry-After</c> may ask for more). Default 10 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many consecutive failed connections (no line received) end the follow with the last failure; null (the
    /// default) reconnects for ever, until the caller cancels.
    /// </summary>
    public int? MaxReconnectAttempts { get; init; }

    /// <summary>
    /// A connection on which no line (not even a heartbeat, which the server sends every
    /// <c>FollowHeartbeatMs</c>, 1 s by default) arrives for this long is taken as dead and replaced. Default 30 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the check off.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(After ?? 0, nameof(After));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectDelay, TimeSpan.Zero, nameof(ReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, ReconnectDelay, nameof(MaxReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxReconnectAttempts ?? 0, nameof(MaxReconnectAttempts));
        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), "The idle timeout must be positive (or infinite).");
        }
    }
}
