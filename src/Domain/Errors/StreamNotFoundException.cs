namespace CleanEventStore.Domain.Errors;

public sealed class StreamNotFoundException(string stream)
    : EventStoreException("stream-not-found", $"Stream \"{stream}\" does not exist.")
{
    public string Stream { get; } = stream;
}
