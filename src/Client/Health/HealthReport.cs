namespace CleanEventStore.Client;

/// <summary>The answer of <c>GET /health</c>: <c>ok</c> when the store is open and writable, else <c>degraded</c> (the server answered 503).</summary>
/// <param name="Status"><c>ok</c> or <c>degraded</c>.</param>
/// <param name="Store">The store's state.</param>
/// <param name="Server">The server process.</param>
public sealed record HealthReport(string Status, HealthStore Store, HealthServer Server)
{
    /// <summary>True when <see cref="Status"/> is <c>ok</c>.</summary>
    public bool IsHealthy => Status == "ok";
}
