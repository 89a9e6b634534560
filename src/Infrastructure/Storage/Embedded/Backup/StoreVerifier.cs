namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// Checks a data directory without changing it: every record of every log segment (header, length, CRC-32C),
/// positions 1..N contiguous across segments, the index checkpoint and the index files it covers (each entry of
/// <c>positions.idx</c> must point at the record of that position; memberships in range and ascending per stream; the
/// catalog readable), and the consumer files' checksums. It never opens the store and never writes a byte.
/// <para>
/// A directory a server holds is refused by default (<see cref="DataDirectoryInUseException"/>); with
/// <see cref="StoreVerifyOptions.AllowInUse"/> it is read anyway (read-only, no lock taken), and what is found at the
/// live tail is a warning. Otherwise verify holds the directory's lock while it reads (a server started meanwhile fails
/// to open it with "in use" until verify ends).
/// </para>
/// </summary>
public static class StoreVerifier
{
    /// <summary>Verifies <paramref name="dataDirectory"/>; the report lists every problem (<see cref="StoreVerifyReport.Ok"/>: none is an error).</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="DataDirectoryInUseException">A server holds it and <see cref="StoreVerifyOptions.AllowInUse"/> is off.</exception>
    public static Task<StoreVerifyReport> VerifyAsync(string dataDirectory, StoreVerifyOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        options ??= new StoreVerifyOptions();
        var directory = Path.GetFullPath(dataDirectory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The data directory '{directory}' does not exist.");
        }

        return Task.Run(() => new StoreVerification(directory, options, cancellationToken).Run(), cancellationToken);
    }
}
