namespace CleanEventStore.Domain.Errors;

/// <summary>
/// A long-poll read ended at its timeout without a single event to return. For a stream, <see cref="Target"/> is a
/// stream revision; for the global log, joins and categories it is a global position, and the message says so (it
/// keeps the words "did not reach version", which clients of the original protocol look for).
/// </summary>
public sealed class ReadTimeoutException(long target, long timeoutMs, bool globalPosition = false)
    : EventStoreException(
        "read-timeout",
        globalPosition
            ? $"The log did not reach version {target} (global position {target}) within {timeoutMs}ms."
            : $"Stream did not reach version {target} within {timeoutMs}ms.")
{
    public long Target { get; } = target;
}
