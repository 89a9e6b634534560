using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>A stream as the catalog file stores it.</summary>
internal sealed record CatalogEntry(int Id, StreamKind Kind, string Name, long FirstPosition, string? MatcherJson);
