namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>One file of a captured backup: the first <see cref="Length"/> bytes of <see cref="SourcePath"/>, or <see cref="Bytes"/> read at capture.</summary>
internal sealed record BackupItem(string EntryName, string? SourcePath, byte[]? Bytes, long Length)
{
    public static BackupItem FromFile(string entryName, string sourcePath, long length) => new(entryName, sourcePath, null, length);

    public static BackupItem FromBytes(string entryName, byte[] bytes) => new(entryName, null, bytes, bytes.Length);
}
