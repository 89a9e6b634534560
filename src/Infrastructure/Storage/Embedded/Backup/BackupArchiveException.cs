namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>A backup archive that cannot be restored: damaged, truncated, not a backup, or a checksum that does not match.</summary>
public sealed class BackupArchiveException : IOException
{
    public BackupArchiveException(string message, string? fileName = null, Exception? innerException = null)
        : base(message, innerException) => FileName = fileName;

    /// <summary>The archive entry the problem is in (<c>log/00000000.seg</c>), when it is one file's.</summary>
    public string? FileName { get; }
}
