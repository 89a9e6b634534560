namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>Options of <see cref="StoreVerifier.VerifyAsync"/>.</summary>
public sealed record StoreVerifyOptions
{
    /// <summary>
    /// Verify a directory that a running server holds (its <c>LOCK</c> is taken). Off by default: verify then refuses
    /// with <see cref="DataDirectoryInUseException"/>. When on, verify still only reads, but the tail of the last
    /// segment may be being written: problems there are reported as warnings, and the index files may move on.
    /// </summary>
    public bool AllowInUse { get; init; }

    /// <summary>At most this many problems of one kind are listed (the report counts the rest).</summary>
    public int MaxProblemsPerKind { get; init; } = 20;
}
