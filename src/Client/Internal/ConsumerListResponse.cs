namespace CleanEventStore.Client;

/// <summary><c>{"consumers":[…]}</c>.</summary>
internal sealed record ConsumerListResponse(IReadOnlyList<ConsumerSummary> Consumers);
