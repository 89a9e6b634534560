namespace CleanEventStore.Api.Contracts;

public sealed record HealthResponse(string Status, HealthStore Store, HealthServer Server);
