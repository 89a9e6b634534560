namespace CleanEventStore.Api.Contracts;

/// <summary>The <c>server.totals</c> of <c>GET /health</c>: counts since the process started, on this node.</summary>
public sealed record HealthTotals(long Commits, long EventsCommitted, long Reads, long EventsRead, long BytesRead);
