namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// Another process holds the data directory's lock (<c>&lt;data&gt;/LOCK</c>). The message names the holder as its lock
/// file records it (<c>pid=.. host=.. started=..</c>), when the file could be read.
/// </summary>
public sealed class DataDirectoryInUseException : IOException
{
    public DataDirectoryInUseException(string directory, string lockFile, string? holder, Exception innerException)
        : base(Describe(directory, lockFile, holder), innerException)
    {
        Directory = directory;
        Holder = holder;
    }

    /// <summary>The full path of the data directory.</summary>
    public string Directory { get; }

    /// <summary>The holder as its lock file records it (<c>pid=.. host=.. started=..</c>), or null if unknown.</summary>
    public string? Holder { get; }

    private static string Describe(string directory, string lockFile, string? holder) =>
        $"The data directory '{directory}' is in use by another CleanEventStore process ({(holder is null ? $"its lock file '{lockFile}' is held" : holder)}). "
        + "Stop that process or choose another EventStore:StorageDirectory.";
}
