using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.GetStreamVersion;

public sealed record GetStreamVersionResult(StreamName Stream, long Version);
