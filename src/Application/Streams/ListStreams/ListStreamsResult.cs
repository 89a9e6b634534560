using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Application.Streams.ListStreams;

/// <summary>The streams, enumerated lazily so that a large catalog streams out without being copied.</summary>
public sealed record ListStreamsResult(IAsyncEnumerable<StreamInfo> Streams);
