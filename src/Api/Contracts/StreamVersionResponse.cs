namespace CleanEventStore.Api.Contracts;

public sealed record StreamVersionResponse(string Stream, long Version);
