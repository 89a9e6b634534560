using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>A stream as seen now: <see cref="Version"/> is its number of events.</summary>
public sealed record StreamInfo(StreamName Name, StreamKind Kind, long Version, bool Closed, Matcher? Matcher);
