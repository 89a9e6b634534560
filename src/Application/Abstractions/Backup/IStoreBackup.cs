namespace CleanEventStore.Application.Abstractions.Backup;

/// <summary>
/// An online backup of the store: <see cref="CaptureAsync"/> fixes the position the archive stands for (a moment's
/// work, the writer carries on), then the returned archive streams the immutable bytes up to it. Registered only by
/// engines that can back themselves up (the embedded engine); a PostgreSQL store is backed up with the database's
/// own tools (<c>pg_dump</c>, base backups and WAL archiving).
/// </summary>
public interface IStoreBackup
{
    /// <summary>Captures what the archive will contain (the committed prefix of the log up to one position).</summary>
    ValueTask<IStoreBackupArchive> CaptureAsync(CancellationToken cancellationToken);
}
