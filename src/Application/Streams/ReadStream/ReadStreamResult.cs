using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.ReadStream;

/// <summary>The stream, its version when the read started, and the events (streamed lazily).</summary>
public sealed record ReadStreamResult(StreamName Stream, long Version, EventFeed Events, EventFollow? Follow = null);
