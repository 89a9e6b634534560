namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>Restore refuses a target directory that exists and is not empty: it never mixes a backup with other files.</summary>
public sealed class RestoreTargetNotEmptyException(string directory)
    : IOException($"The restore target '{directory}' exists and is not empty; restore into a new or empty directory.")
{
    /// <summary>The directory that was refused.</summary>
    public string Directory { get; } = directory;
}
