using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Matching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// The backup's wire constants, and an offline backup of a data directory no server holds. A running server is backed
/// up through <c>GET /admin/backup</c> (the registered <see cref="Application.Abstractions.Backup.IStoreBackup"/>), which
/// writes the same archive.
/// </summary>
public static class StoreBackup
{
    /// <summary>The archive's media type.</summary>
    public const string MediaType = "application/x-tar";

    /// <summary>The response header of <c>GET /admin/backup</c> that carries the archive's position P.</summary>
    public const string PositionHeader = "X-Backup-Position";

    /// <summary>
    /// Opens the store in <c>options.StorageDirectory</c> as a server would (taking its lock and recovering it: a torn
    /// tail is cut, indexes are brought up to date), writes the archive of everything it holds to
    /// <paramref name="destination"/> and closes the store. Pass the options the server runs with (the type and tags
    /// accessors decide the indexes; <paramref name="storage"/> null: the defaults). Returns the archive's position.
    /// </summary>
    /// <exception cref="DataDirectoryInUseException">A server holds the directory: back it up through <c>GET /admin/backup</c>.</exception>
    public static async Task<long> WriteAsync(EventStoreOptions options, EmbeddedStorageOptions? storage, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(destination);
        if (!Directory.Exists(options.StorageDirectory))
        {
            throw new DirectoryNotFoundException($"The data directory '{Path.GetFullPath(options.StorageDirectory)}' does not exist.");
        }

        await using var store = OpenOffline(options, storage);
        await using var archive = new EmbeddedStoreBackup(store, options.StorageDirectory, TimeProvider.System).Capture();
        await archive.WriteToAsync(destination, cancellationToken);
        return archive.Position;
    }

    /// <summary>Opens the store in <c>options.StorageDirectory</c> outside a server (lock, recovery), for the offline tools.</summary>
    internal static FileEventStore OpenOffline(EventStoreOptions options, EmbeddedStorageOptions? storage) =>
        FileEventStore.Open(
            options,
            storage ?? new EmbeddedStorageOptions(),
            new MatcherParser(Options.Create(options)),
            new EventFilterFactory(),
            TimeProvider.System,
            NullLogger<FileEventStore>.Instance);
}
