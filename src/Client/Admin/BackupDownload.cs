namespace CleanEventStore.Client;

/// <summary>
/// A backup being downloaded (<see cref="EventStoreClient.GetBackupAsync"/>): the response's headers have arrived, the
/// archive streams in as <see cref="CopyToAsync"/> reads it. Dispose it to end the download.
/// </summary>
public sealed class BackupDownload : IDisposable
{
    /// <summary>The header naming the log position the archive is consistent at.</summary>
    public const string PositionHeader = "X-Backup-Position";

    private readonly HttpRequestMessage _request;
    private readonly HttpResponseMessage _response;

    internal BackupDownload(HttpRequestMessage request, HttpResponseMessage response)
    {
        _request = request;
        _response = response;
        Position = response.Headers.TryGetValues(PositionHeader, out var values) && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
            ? position
            : null;
        Length = response.Content.Headers.ContentLength;
        ContentType = response.Content.Headers.ContentType?.MediaType;
    }

    /// <summary>The log position the archive holds every event up to (<c>X-Backup-Position</c>), or null if the server did not say.</summary>
    public long? Position { get; }

    /// <summary>The archive's size in bytes when the server announced it (<c>Content-Length</c>), else null (a chunked stream).</summary>
    public long? Length { get; }

    /// <summary>The archive's media type, or null.</summary>
    public string? ContentType { get; }

    /// <summary>
    /// Copies the archive to <paramref name="destination"/> as it arrives, reporting the bytes copied so far to
    /// <paramref name="progress"/> after each chunk. Returns the number of bytes copied. Call it once.
    /// </summary>
    /// <exception cref="IOException">The connection ended before the announced <see cref="Length"/>.</exception>
    public async Task<long> CopyToAsync(Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var body = await _response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            copied += read;
            progress?.Report(copied);
        }

        if (Length is { } length && copied != length)
        {
            throw new IOException($"The backup ended after {copied} of {length} bytes.");
        }

        return copied;
    }

    /// <summary>Ends the download and releases the connection.</summary>
    public void Dispose()
    {
        _response.Dispose();
        _request.Dispose();
    }
}
