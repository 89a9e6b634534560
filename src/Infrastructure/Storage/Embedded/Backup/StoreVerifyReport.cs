namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>What <see cref="StoreVerifier.VerifyAsync"/> checked and found.</summary>
/// <param name="Directory">The data directory (full path).</param>
/// <param name="InUse">True when a server held the directory (only with <see cref="StoreVerifyOptions.AllowInUse"/>).</param>
/// <param name="Segments">Log segments read.</param>
/// <param name="Records">Records whose CRC was checked (events and system records).</param>
/// <param name="Events">Event records; their positions are 1..<paramref name="Events"/> when there is no error.</param>
/// <param name="LogBytes">Bytes of record data read.</param>
/// <param name="IndexedHead">The head the index checkpoint covers, or null without a valid checkpoint.</param>
/// <param name="ConsumerFiles">Consumer files checked.</param>
/// <param name="Problems">Everything found, errors and warnings.</param>
public sealed record StoreVerifyReport(
    string Directory,
    bool InUse,
    int Segments,
    long Records,
    long Events,
    long LogBytes,
    long? IndexedHead,
    int ConsumerFiles,
    IReadOnlyList<StoreVerifyProblem> Problems)
{
    /// <summary>True when no problem is an <see cref="StoreVerifySeverity.Error"/>.</summary>
    public bool Ok => Problems.All(problem => problem.Severity != StoreVerifySeverity.Error);
}
