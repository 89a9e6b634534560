using System.Buffers;
using System.Formats.Tar;
using System.Security.Cryptography;
using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// Restores a backup archive (<c>GET /admin/backup</c>) into a new data directory. The archive is read once, as a
/// stream; every file goes into a hidden temporary directory beside the target while its SHA-256 is computed; at the
/// manifest (the archive's last entry) every file is checked against it (present, same length, same checksum, no
/// extra file), every file and directory is fsynced, and only then is the temporary directory renamed to the target.
/// On any failure the temporary directory is deleted and the target is left as it was: a target that exists is either
/// untouched or, after success, the complete restored store. A server then opens the target with every event up to
/// the manifest's position (the index checkpoint, when included, spares it a full replay of the log).
/// </summary>
public static class StoreRestore
{
    private const int CopyBufferSize = 1024 * 1024;

    /// <summary>
    /// Restores <paramref name="archive"/> into <paramref name="emptyTargetDirectory"/>, which must not exist or be empty.
    /// </summary>
    /// <exception cref="RestoreTargetNotEmptyException">The target exists and holds something.</exception>
    /// <exception cref="BackupArchiveException">The archive is damaged, truncated, not a backup, or a file's checksum does not match (the exception names the file).</exception>
    public static async Task<StoreRestoreResult> RestoreAsync(Stream archive, string emptyTargetDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentException.ThrowIfNullOrWhiteSpace(emptyTargetDirectory);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(emptyTargetDirectory));
        ThrowIfNotEmpty(target);
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("The restore target cannot be a root directory.", nameof(emptyTargetDirectory));
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, "." + Path.GetFileName(target) + ".restore-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(temporary);
        try
        {
            var (manifest, bytes) = await UnpackAsync(archive, temporary, cancellationToken);
            FsyncTree(temporary);
            ThrowIfNotEmpty(target);
            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(temporary, target);
            PosixFileSystem.FsyncDirectory(parent);
            return new StoreRestoreResult(target, manifest, bytes);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static async Task<(BackupManifest Manifest, long Bytes)> UnpackAsync(Stream archive, string directory, CancellationToken cancellationToken)
    {
        var unpacked = new Dictionary<string, BackupFile>(StringComparer.Ordinal);
        var order = new List<string>();
        long bytes = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await using var reader = new TarReader(archive, leaveOpen: true);
            while (true)
            {
                var entry = await NextAsync(reader, cancellationToken)
                    ?? throw new BackupArchiveException(
                        unpacked.Count == 0
                            ? "The archive is empty, truncated or not a tar archive."
                            : $"The archive is truncated: it ends after {unpacked.Count} files, before its manifest.");
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    throw new BackupArchiveException($"The archive holds '{entry.Name}' of type {entry.EntryType}; a backup holds regular files only.", entry.Name);
                }

                if (entry.Name == BackupManifest.EntryName)
                {
                    var manifest = BackupManifest.Parse(await ReadManifestAsync(entry, cancellationToken));
                    if (await NextAsync(reader, cancellationToken) is { } extra)
                    {
                        throw new BackupArchiveException($"The archive holds '{extra.Name}' after its manifest.", extra.Name);
                    }

                    Check(manifest, unpacked, order);
                    return (manifest, bytes);
                }

                if (!BackupPaths.IsAllowed(entry.Name))
                {
                    throw new BackupArchiveException($"The archive holds '{entry.Name}', which is not a file of a data directory.", entry.Name);
                }

                if (unpacked.ContainsKey(entry.Name))
                {
                    throw new BackupArchiveException($"The archive holds '{entry.Name}' twice.", entry.Name);
                }

                var file = await WriteFileAsync(entry, directory, buffer, cancellationToken);
                unpacked.Add(entry.Name, file);
                order.Add(entry.Name);
                bytes += file.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<TarEntry?> NextAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken);
        }
        catch (Exception exception) when (exception is EndOfStreamException or InvalidDataException or FormatException && exception is not BackupArchiveException)
        {
            throw new BackupArchiveException($"The archive is truncated or damaged (a tar header cannot be read): {exception.Message}", null, exception);
        }
    }

    private static async Task<BackupFile> WriteFileAsync(TarEntry entry, string directory, byte[] buffer, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, entry.Name.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long written = 0;
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous, entry.Length))
        {
            if (entry.DataStream is { } data)
            {
                while (true)
                {
                    int read;
                    try
                    {
                        read = await data.ReadAsync(buffer, cancellationToken);
                    }
                    catch (Exception exception) when (exception is EndOfStreamException or InvalidDataException or IOException)
                    {
                        throw new BackupArchiveException($"The archive is truncated or damaged inside '{entry.Name}': {exception.Message}", entry.Name, exception);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, read), written, cancellationToken);
                    written += read;
                }
            }

            if (written != entry.Length)
            {
                throw new BackupArchiveException($"The archive is truncated inside '{entry.Name}': {written} of its {entry.Length} bytes are there.", entry.Name);
            }

            RandomAccess.FlushToDisk(handle);
        }

        return new BackupFile(entry.Name, written, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static async Task<byte[]> ReadManifestAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Length > BackupManifest.MaxBytes || entry.DataStream is null)
        {
            throw new BackupArchiveException($"The archive's manifest is {entry.Length} bytes; at most {BackupManifest.MaxBytes} are accepted.", BackupManifest.EntryName);
        }

        var bytes = new byte[entry.Length];
        try
        {
            await entry.DataStream.ReadExactlyAsync(bytes, cancellationToken);
        }
        catch (Exception exception) when (exception is EndOfStreamException or InvalidDataException or IOException)
        {
            throw new BackupArchiveException($"The archive is truncated inside its manifest: {exception.Message}", BackupManifest.EntryName, exception);
        }

        return bytes;
    }

    private static void Check(BackupManifest manifest, Dictionary<string, BackupFile> unpacked, List<string> order)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            listed.Add(file.Path);
            if (!unpacked.TryGetValue(file.Path, out var actual))
            {
                throw new BackupArchiveException($"The archive lacks '{file.Path}', which its manifest lists.", file.Path);
            }

            if (actual.Length != file.Length)
            {
                throw new BackupArchiveException($"The archive's file '{file.Path}' is {actual.Length} bytes; the manifest says {file.Length}.", file.Path);
            }

            if (!string.Equals(actual.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupArchiveException($"The archive's file '{file.Path}' is damaged: its SHA-256 is {actual.Sha256}, the manifest says {file.Sha256}.", file.Path);
            }
        }

        foreach (var name in order)
        {
            if (!listed.Contains(name))
            {
                throw new BackupArchiveException($"The archive holds '{name}', which its manifest does not list.", name);
            }
        }

        if (!listed.Any(path => path.StartsWith("log/", StringComparison.Ordinal)))
        {
            throw new BackupArchiveException("The archive holds no log segment.");
        }
    }

    private static void ThrowIfNotEmpty(string target)
    {
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new RestoreTargetNotEmptyException(target);
        }
    }

    private static void FsyncTree(string directory)
    {
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            FsyncTree(child);
        }

        PosixFileSystem.FsyncDirectory(directory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
