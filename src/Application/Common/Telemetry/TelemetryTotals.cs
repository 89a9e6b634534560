namespace CleanEventStore.Application.Common.Telemetry;

/// <summary>Counts since the process started, on this node: the <c>server.totals</c> of <c>GET /health</c>.</summary>
public sealed record TelemetryTotals(long Commits, long EventsCommitted, long Reads, long EventsRead, long BytesRead);
