namespace CleanEventStore.Domain.Errors;

public sealed class ConsumerFaultedException(string consumer, string error)
    : EventStoreException("consumer-faulted", $"Consumer \"{consumer}\" is faulted: {error}")
{
    public string Consumer { get; } = consumer;
}
