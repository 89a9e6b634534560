namespace CleanEventStore.Client;

/// <summary>
/// Settings of <see cref="EventStoreClient"/>: where the server is, how to authenticate, how long to wait and how to
/// retry. Bound from configuration by <c>AddCleanEventStoreClient(configuration)</c> (keys <c>BaseAddress</c>,
/// <c>ApiKey</c>, <c>BearerToken</c>, <c>Timeout</c>, <c>MaxLineBytes</c>, <c>Retry:MaxRetryAttempts</c>, …).
/// </summary>
public sealed class EventStoreClientOptions
{
    /// <summary>The default address of a server started with <c>dotnet run --project src/Api</c>.</summary>
    public static readonly Uri DefaultBaseAddress = new("http://127.0.0.1:3000/");

    /// <summary>
    /// The server's address (<c>https://events.example:8443/</c>), with the path prefix if the store's API is mounted
    /// under one (<c>https://app.example/events/</c>).
    /// </summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>An API key, sent as <c>X-Api-Key</c> on every request (not with <see cref="BearerToken"/> or <see cref="BearerTokenProvider"/>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>A fixed bearer token (a JWT), sent as <c>Authorization: Bearer …</c> on every request.</summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// Gets a bearer token for each call (and each reconnection of a follow), for tokens that expire: the provider
    /// caches and refreshes them. Wins over <see cref="BearerToken"/>.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? BearerTokenProvider { get; set; }

    /// <summary>
    /// How long a call may wait for the response's headers (for a streaming read or a follow: until its first line;
    /// reading the body has no deadline). Longer than the server's long-poll timeouts (10 s by default). Default 100 s.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The longest NDJSON line (one event) a read accepts; a longer one fails the read. Default 64 MiB.</summary>
    public int MaxLineBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The retries of idempotent calls after transient failures.</summary>
    public EventStoreRetryOptions Retry { get; set; } = new();
}
