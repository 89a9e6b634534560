using System.Formats.Tar;
using System.Globalization;
using CleanEventStore.Application.Abstractions.Backup;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// A captured backup, written as a POSIX (PAX) tar: the log segments (each up to its captured length), the index
/// checkpoint files, the consumer files, and last <see cref="BackupManifest.EntryName"/> with every file's length and
/// SHA-256. Each file is read once, straight into the tar writer, through a pooled copy buffer.
/// </summary>
internal sealed class EmbeddedBackupArchive(IReadOnlyList<BackupItem> items, long position, DateTimeOffset createdAt, bool hasIndex) : IStoreBackupArchive
{
    private int _written;

    public long Position { get; } = position;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string FileName => string.Create(CultureInfo.InvariantCulture, $"cleaneventstore-{Position}-{CreatedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.tar");

    public string ContentType => StoreBackup.MediaType;

    internal IReadOnlyList<BackupItem> Items => items;

    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (Interlocked.Exchange(ref _written, 1) != 0)
        {
            throw new InvalidOperationException("A captured backup is written once.");
        }

        var files = new List<BackupFile>(items.Count);
        var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer)
        {
            foreach (var item in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SafeFileHandle? handle = null;
                try
                {
                    HashingSourceStream data;
                    if (item.Bytes is not null)
                    {
                        data = new HashingSourceStream(item.Bytes);
                    }
                    else
                    {
                        handle = File.OpenHandle(item.SourcePath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.Asynchronous);
                        data = new HashingSourceStream(handle, item.Length);
                    }

                    await using (data)
                    {
                        await writer.WriteEntryAsync(Entry(item.EntryName, data), cancellationToken);
                        files.Add(new BackupFile(item.EntryName, item.Length, data.Sha256()));
                    }
                }
                finally
                {
                    handle?.Dispose();
                }
            }

            var manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentVersion, Position, CreatedAt, hasIndex, files).ToJson();
            await using var manifestData = new MemoryStream(manifest, writable: false);
            await writer.WriteEntryAsync(Entry(BackupManifest.EntryName, manifestData), cancellationToken);
        }

        await destination.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private PaxTarEntry Entry(string name, Stream data) => new(TarEntryType.RegularFile, name)
    {
        DataStream = data,
        ModificationTime = CreatedAt,
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
    };
}
