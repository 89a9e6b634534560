namespace CleanEventStore.Domain.Errors;

/// <summary>A long-poll read ended at its timeout without a single event to return.</summary>
public sealed class ReadTimeoutException(long target, long timeoutMs)
    : EventStoreException("read-timeout", $"Stream did not reach version {target} within {timeoutMs}ms.")
{
    public long Target { get; } = target;
}
