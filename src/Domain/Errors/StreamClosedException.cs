namespace CleanEventStore.Domain.Errors;

public sealed class StreamClosedException(string stream)
    : EventStoreException("stream-closed", $"Stream \"{stream}\" is already closed.")
{
    public string Stream { get; } = stream;
}
