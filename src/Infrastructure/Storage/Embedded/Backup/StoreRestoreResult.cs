namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>What <see cref="StoreRestore.RestoreAsync"/> restored: the directory, the manifest it checked, and the bytes written.</summary>
public sealed record StoreRestoreResult(string Directory, BackupManifest Manifest, long Bytes);
