namespace CleanEventStore.Application.Abstractions.Backup;

/// <summary>A captured backup, ready to be written once; disposing it releases the files it holds open.</summary>
public interface IStoreBackupArchive : IAsyncDisposable
{
    /// <summary>The global position the archive stands for: every event 1..Position, nothing after.</summary>
    long Position { get; }

    /// <summary>When the backup was captured.</summary>
    DateTimeOffset CreatedAt { get; }

    /// <summary>A file name for the archive that names the position (<c>cleaneventstore-P-….tar</c>).</summary>
    string FileName { get; }

    /// <summary>The archive's media type (<c>application/x-tar</c>).</summary>
    string ContentType { get; }

    /// <summary>Streams the archive to <paramref name="destination"/> (bounded memory, no temporary copy).</summary>
    Task WriteToAsync(Stream destination, CancellationToken cancellationToken);
}
