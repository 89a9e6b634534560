namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>A file of a backup archive: its path inside the data directory (with <c>/</c>), length and SHA-256 (lower-case hex).</summary>
public sealed record BackupFile(string Path, long Length, string Sha256);
