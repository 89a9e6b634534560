namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// The store in a data directory cannot be opened at start-up: recovery found the log or its indexes corrupt (an
/// <see cref="InvalidDataException"/>), or the directory cannot be created, read or written. The message names the
/// directory and the cause; the inner exception is the cause. A directory held by another process is a
/// <see cref="DataDirectoryInUseException"/> instead.
/// </summary>
public sealed class StoreOpenException(string directory, Exception innerException)
    : IOException($"The event store in '{directory}' cannot be opened: {innerException.Message}", innerException)
{
    /// <summary>The full path of the data directory.</summary>
    public string Directory { get; } = directory;
}
