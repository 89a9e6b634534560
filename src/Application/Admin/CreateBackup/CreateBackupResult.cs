using CleanEventStore.Application.Abstractions.Backup;

namespace CleanEventStore.Application.Admin.CreateBackup;

/// <summary>The captured archive; the caller streams it and disposes it.</summary>
public sealed record CreateBackupResult(IStoreBackupArchive Archive);
