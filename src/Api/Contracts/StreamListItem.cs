namespace CleanEventStore.Api.Contracts;

/// <summary>One stream of <c>GET /streams</c>; <see cref="Metadata"/> says how the stream is maintained.</summary>
public sealed record StreamListItem(string Stream, bool Closed, long Version, StreamMetadata Metadata);
