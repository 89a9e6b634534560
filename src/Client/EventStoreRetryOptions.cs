namespace CleanEventStore.Client;

/// <summary>
/// Retries, with exponential backoff and jitter, of the calls that are safe to repeat: reads (<c>GET</c>, and the
/// <c>POST /query</c> read), commits (each carries an <c>Idempotency-Key</c>, so a repeated commit is written once),
/// consumer <c>PUT</c> and <c>DELETE</c>. A call is retried after a connection failure, a 5xx answer or a 429 (after
/// its <c>Retry-After</c>); never after a 4xx refusal, and never a call that is not idempotent (closing a stream).
/// A read is retried only until its response starts; a follow reconnects by itself (<see cref="FollowOptions"/>).
/// </summary>
public sealed class EventStoreRetryOptions
{
    /// <summary>How many times a call is repeated at most (0: never). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry; it doubles for each further one. Default 200 ms.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts. Default 5 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
}
