using System.Buffers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// An offline export of a data directory no server holds: the stored documents of <c>_all</c>, one stream or one
/// category as NDJSON, byte for byte what a read of a server returns, in log order (the lines of <c>ces export</c>).
/// A running server is exported over HTTP instead.
/// </summary>
public static class StoreExport
{
    /// <summary>
    /// Opens the store in <c>options.StorageDirectory</c> as a server would (its lock, recovery), writes the events of
    /// <paramref name="stream"/> (null: <c>_all</c>) or of <paramref name="category"/> visible at that moment to
    /// <paramref name="destination"/>, one line each, and closes the store. <paramref name="progress"/> is told the
    /// number of events written so far, after each batch. Returns the number of events written.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The data directory does not exist.</exception>
    /// <exception cref="DataDirectoryInUseException">A server holds the directory: export it through the server.</exception>
    /// <exception cref="KeyNotFoundException">The stream or the category does not exist in the store.</exception>
    /// <exception cref="ArgumentException">The stream name is not valid.</exception>
    public static async Task<long> WriteNdjsonAsync(
        EventStoreOptions options,
        string? stream,
        string? category,
        Stream destination,
        Action<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(destination);
        if (stream is not null && category is not null)
        {
            throw new ArgumentException("Export either one stream or one category, not both.", nameof(category));
        }

        if (!Directory.Exists(options.StorageDirectory))
        {
            throw new DirectoryNotFoundException($"The data directory '{Path.GetFullPath(options.StorageDirectory)}' does not exist.");
        }

        ReadSource source = category is not null
            ? new ReadSource.Category(category)
            : new ReadSource.Stream(stream is null ? StreamName.All : StreamName.Parse(stream, allowAll: true));
        await using var store = StoreBackup.OpenOffline(options, null);
        var version = await store.GetVersionAsync(source, cancellationToken)
            ?? throw new KeyNotFoundException(category is not null ? $"No stream of category '{category}' exists in the store." : $"The stream '{stream}' does not exist in the store.");
        if (version.Version == 0)
        {
            return 0;
        }

        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        long count = 0;
        await foreach (var batch in store.ReadAsync(source, new ResolvedWindow(1, version.Version), null, cancellationToken))
        {
            batch.WriteTo(buffer);
            count += batch.Count;
            if (buffer.WrittenCount >= 1 << 19)
            {
                await destination.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }

            progress?.Invoke(count);
        }

        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken);
        return count;
    }
}
