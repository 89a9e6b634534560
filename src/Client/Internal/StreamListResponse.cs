namespace CleanEventStore.Client;

/// <summary><c>{"streams":[…]}</c>.</summary>
internal sealed record StreamListResponse(IReadOnlyList<StreamInfo> Streams);
