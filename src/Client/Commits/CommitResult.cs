namespace CleanEventStore.Client;

/// <summary>
/// What a commit wrote: its events are at global positions <see cref="FirstPosition"/> to <see cref="LastPosition"/>,
/// and its stream is now at <see cref="Version"/> (the expected version of the next commit that builds on it).
/// </summary>
public sealed class CommitResult
{
    internal CommitResult(string stream, long commitId, long committedAt, long previousVersion, int eventCount, string idempotencyKey, bool replayed)
    {
        Stream = stream;
        CommitId = commitId;
        CommittedAt = DateTimeOffset.FromUnixTimeMilliseconds(committedAt);
        PreviousVersion = previousVersion;
        EventCount = eventCount;
        IdempotencyKey = idempotencyKey;
        Replayed = replayed;
    }

    /// <summary>The stream committed to.</summary>
    public string Stream { get; }

    /// <summary>The length of the log before the commit (the commit's id).</summary>
    public long CommitId { get; }

    /// <summary>When the commit was written.</summary>
    public DateTimeOffset CommittedAt { get; }

    /// <summary>The stream's version before the commit (the server's <c>streamVersion</c>).</summary>
    public long PreviousVersion { get; }

    /// <summary>The number of events committed.</summary>
    public int EventCount { get; }

    /// <summary>The stream's version after the commit: <see cref="PreviousVersion"/> + <see cref="EventCount"/>.</summary>
    public long Version => PreviousVersion + EventCount;

    /// <summary>The global position of the first event of the commit.</summary>
    public long FirstPosition => CommitId + 1;

    /// <summary>The global position of the last event of the commit (the log's length once it was written).</summary>
    public long LastPosition => CommitId + EventCount;

    /// <summary>The <c>Idempotency-Key</c> the commit was sent with (made by the client unless given).</summary>
    public string IdempotencyKey { get; }

    /// <summary>
    /// True when the server had already written this commit (a retry of it, by this client after a lost answer or by
    /// the caller with the same key) and answered with the first result, writing nothing (<c>Idempotent-Replayed</c>).
    /// </summary>
    public bool Replayed { get; }
}
