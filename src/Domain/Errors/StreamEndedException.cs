namespace CleanEventStore.Domain.Errors;

/// <summary>
/// A long-poll that can never be answered: the stream is closed below the revision the read waits for (or the
/// position a consumer of it is asked to reach). Answered at once instead of at the poll timeout.
/// </summary>
public sealed class StreamEndedException(string stream, long version, long target, string? consumer = null)
    : EventStoreException(
        "stream-closed",
        consumer is null
            ? $"Stream \"{stream}\" is closed at version {version}; it will never reach version {target}."
            : $"Consumer \"{consumer}\" will never reach version {target}: its stream \"{stream}\" is closed at version {version}.")
{
    public string Stream { get; } = stream;

    public long Version { get; } = version;

    public long Target { get; } = target;
}
