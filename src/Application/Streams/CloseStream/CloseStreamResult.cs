using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.CloseStream;

public sealed record CloseStreamResult(StreamName Stream, bool Closed);
