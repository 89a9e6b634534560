namespace CleanEventStore.Domain.Errors;

public sealed class StreamAlreadyExistsException(string stream)
    : EventStoreException("stream-exists", $"Stream \"{stream}\" already exists. Can not recreate stream!")
{
    public string Stream { get; } = stream;
}
