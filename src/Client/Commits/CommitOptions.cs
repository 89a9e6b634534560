namespace CleanEventStore.Client;

/// <summary>Optional parts of a commit: its metadata and its idempotency key.</summary>
public sealed record CommitOptions
{
    /// <summary>
    /// Metadata of the commit, a JSON object (<c>{"requestId":"req-1"}</c>): its members are stored in every event's
    /// metadata (after the store's own) and returned by reads (<see cref="RecordedEvent.CustomMetadata"/>). The store's
    /// names (<c>commitId</c>, <c>committedAt</c>, <c>commitVersion</c>, <c>commitSize</c>, <c>streamVersion</c>,
    /// <c>position</c>) are refused by the server.
    /// </summary>
    public string? Metadata { get; init; }

    /// <summary>
    /// The <c>Idempotency-Key</c> of the commit (1 to 128 visible ASCII characters). By default the client makes a
    /// new one per call and reuses it for that call's retries. Give your own to make a commit safe to repeat across
    /// calls or processes (the same key with the same request returns the first result and writes nothing; with
    /// another request it is refused with 422).
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
