using System.Diagnostics;
using System.Globalization;
using System.Text;
using CleanEventStore.Infrastructure.Native;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// An exclusive OS lock on <c>&lt;data&gt;/LOCK</c> (FileShare.None, which .NET maps to <c>flock</c> on Unix): one
/// process owns a data directory. The file records who holds it; the OS releases the lock when the process dies,
/// so there are no stale locks to reclaim. A second process reads the record without taking a lock (a FileStream
/// would take <c>flock(LOCK_SH)</c> and fail against the holder) to name the holder in its error.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    /// <summary>More than a record takes (<c>pid=</c>, a host name of at most 255 bytes, <c>started=</c> and a timestamp).</summary>
    private const int MaxRecordBytes = 512;

    private readonly SafeFileHandle _handle;

    private DataDirectoryLock(SafeFileHandle handle) => _handle = handle;

    public static DataDirectoryLock Acquire(string directory)
    {
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "LOCK");
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new DataDirectoryInUseException(directory, path, Holder(path), exception);
        }

        using var process = Process.GetCurrentProcess();
        var owner = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"pid={Environment.ProcessId} host={Environment.MachineName} started={process.StartTime.ToUniversalTime():O}\n"));
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, owner, 0);
        return new DataDirectoryLock(handle);
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// The first line of the holder's record, or null if it cannot be read (on Windows the holder's handle keeps every
    /// other open out) or is empty (the holder is between truncating and writing it). Control characters are replaced,
    /// so that the record cannot break the one-line error it goes into.
    /// </summary>
    internal static string? Holder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var buffer = new byte[MaxRecordBytes];
        int read;
        try
        {
            read = PosixFileSystem.ReadWithoutLock(path, buffer);
        }
        catch (IOException)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read);
        var end = text.IndexOfAny(['\r', '\n']);
        var line = (end < 0 ? text : text[..end]).Trim();
        if (line.Length == 0)
        {
            return null;
        }

        return string.Create(line.Length, line, static (destination, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                destination[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
