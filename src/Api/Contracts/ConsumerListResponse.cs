namespace CleanEventStore.Api.Contracts;

/// <summary><c>GET /consumers</c>: every consumer in creation order.</summary>
public sealed record ConsumerListResponse(IReadOnlyList<ConsumerListItem> Consumers);
