namespace CleanEventStore.Domain.Errors;

public sealed class ConsumerWaitTimeoutException(string consumer, long version, long timeoutMs)
    : EventStoreException("consumer-wait-timeout", $"Consumer \"{consumer}\" did not reach version {version} within {timeoutMs}ms.")
{
    public string Consumer { get; } = consumer;
}
