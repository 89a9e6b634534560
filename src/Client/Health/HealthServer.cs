namespace CleanEventStore.Client;

/// <summary>The <c>server</c> part of <see cref="HealthReport"/>.</summary>
/// <param name="Env">The server's hosting environment.</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="ProcessorCount">Processors the process may use.</param>
/// <param name="WorkingSetBytes">The process's working set.</param>
/// <param name="OpenLongPolls">Long-poll reads and consumer waits in progress.</param>
public sealed record HealthServer(string Env, long UptimeSeconds, string Runtime, int ProcessorCount, long WorkingSetBytes, int OpenLongPolls);
