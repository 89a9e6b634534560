namespace CleanEventStore.Api.Contracts;

public sealed record StreamListResponse(IReadOnlyList<StreamListItem> Streams);
