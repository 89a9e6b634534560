namespace CleanEventStore.Cli.Output;

/// <summary>
/// A file that appears only when complete: written to <c>PATH.partial</c>, flushed to disk, then renamed over
/// <c>PATH</c>; on any failure (Ctrl+C included) the partial file is deleted and <c>PATH</c> is left as it was.
/// </summary>
internal static class PartialFile
{
    public const string Suffix = ".partial";

    public static async Task<T> WriteAsync<T>(string path, Func<FileStream, Task<T>> write, CancellationToken cancellationToken)
    {
        var temporary = path + Suffix;
        try
        {
            T result;
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                result = await write(file);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
