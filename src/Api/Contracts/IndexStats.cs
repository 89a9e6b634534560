namespace CleanEventStore.Api.Contracts;

public sealed record IndexStats(long Size, string Kind, bool Closed);
