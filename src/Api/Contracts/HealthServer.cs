namespace CleanEventStore.Api.Contracts;

/// <summary>
/// The <c>server</c> part of <c>GET /health</c>; <see cref="OpenLongPolls"/> counts the client waits in progress,
/// <see cref="OpenFollowers"/> the follows (<c>?follow=true</c>), <see cref="Totals"/> what this node has committed and read
/// since it started.
/// </summary>
public sealed record HealthServer(string Env, long UptimeSeconds, string Runtime, int ProcessorCount, long WorkingSetBytes, int OpenLongPolls, int OpenFollowers, HealthTotals Totals);
