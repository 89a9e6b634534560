namespace CleanEventStore.Client;

/// <summary><c>{"stream":…,"version":…}</c>.</summary>
internal sealed record StreamVersionResponse(string Stream, long Version);
