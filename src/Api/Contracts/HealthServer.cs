namespace CleanEventStore.Api.Contracts;

public sealed record HealthServer(string Env, long UptimeSeconds, string Runtime, int ProcessorCount, long WorkingSetBytes);
