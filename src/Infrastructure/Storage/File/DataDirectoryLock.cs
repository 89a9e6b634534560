using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.File;

/// <summary>
/// An exclusive OS lock on <c>&lt;data&gt;/LOCK</c> (FileShare.None, which .NET maps to <c>flock</c> on Unix): one
/// process owns a data directory. The file records who holds it; the OS releases the lock when the process dies,
/// so there are no stale locks to reclaim.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private DataDirectoryLock(SafeFileHandle handle) => _handle = handle;

    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "LOCK");
        SafeFileHandle handle;
        try
        {
            handle = System.IO.File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new IOException(
                $"The data directory '{Path.GetFullPath(directory)}' is in use by another CleanEventStore process (its lock file '{path}' is held{Holder(path)}). Stop that process or choose another EventStore:StorageDirectory.",
                exception);
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

    private static string Holder(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var text = reader.ReadLine();
            return string.IsNullOrWhiteSpace(text) ? string.Empty : " by " + text.Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
