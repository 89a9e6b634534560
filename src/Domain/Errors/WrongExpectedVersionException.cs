namespace CleanEventStore.Domain.Errors;

public sealed class WrongExpectedVersionException(string stream, long expectedVersion, long actualVersion)
    : EventStoreException(
        "wrong-expected-version",
        $"Optimistic Concurrency error. Expected stream \"{stream}\" at version {expectedVersion} but is at version {actualVersion}.")
{
    public string Stream { get; } = stream;

    public long ExpectedVersion { get; } = expectedVersion;

    public long ActualVersion { get; } = actualVersion;
}
