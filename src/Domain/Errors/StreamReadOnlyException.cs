using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Errors;

/// <summary>A client tried to write to (commit to, close) a derived stream, which only the store writes.</summary>
public sealed class StreamReadOnlyException(string stream, StreamKind kind, string message)
    : EventStoreException("stream-read-only", message)
{
    public string Stream { get; } = stream;

    public StreamKind Kind { get; } = kind;
}
