using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>
/// Result of closing or creating a stream; <see cref="Version"/> is its version afterwards, <see cref="Kind"/> the kind of
/// the existing stream for <see cref="StreamChangeStatus.NotWriteStream"/>.
/// </summary>
public readonly record struct StreamChangeOutcome(StreamChangeStatus Status, long Version = 0, StreamKind Kind = StreamKind.Write);
