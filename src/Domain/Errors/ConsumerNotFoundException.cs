namespace CleanEventStore.Domain.Errors;

public sealed class ConsumerNotFoundException(string consumer)
    : EventStoreException("consumer-not-found", $"Consumer \"{consumer}\" does not exist.")
{
    public string Consumer { get; } = consumer;
}
