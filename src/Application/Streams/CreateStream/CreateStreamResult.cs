using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.CreateStream;

/// <summary>The new stream and how many existing events it already holds.</summary>
public sealed record CreateStreamResult(StreamName Stream, long Version);
