namespace CleanEventStore.Client;

/// <summary>What a <see cref="FollowMessage"/> says.</summary>
public enum FollowMessageKind
{
    /// <summary>An event (<see cref="FollowMessage.Event"/>).</summary>
    Event,

    /// <summary>
    /// Every event that existed when the follow (re)connected has been sent: what follows is live. Sent once per
    /// connection, so again after a reconnection.
    /// </summary>
    CaughtUp,

    /// <summary>Nothing was committed for a while (or nothing that matches); the position still advanced to <see cref="FollowMessage.Position"/>.</summary>
    Heartbeat,
}
