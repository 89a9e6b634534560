using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Native;

/// <summary>
/// The few POSIX calls .NET does not expose: fsync of a directory, so that new and renamed files are durable,
/// fdatasync of a file, which <see cref="RandomAccess.FlushToDisk"/> (an fsync) cannot do, and a read that takes no
/// lock, which a <see cref="FileStream"/> cannot do (it takes <c>flock(LOCK_SH)</c> on Unix).
/// </summary>
/// <remarks>
/// Flag values come from Linux's <c>include/uapi/asm-generic/fcntl.h</c>, and only values that no architecture
/// redefines are used: <c>O_RDONLY</c> is 0 there (and in macOS's <c>&lt;sys/fcntl.h&gt;</c>). <c>O_DIRECTORY</c> is
/// not used: asm-generic defines it as 0x10000 (octal 0200000), the value x86-64 uses, but
/// <c>arch/arm64/include/uapi/asm/fcntl.h</c> redefines it as 0x4000 and has 0x10000 mean <c>O_DIRECT</c>.
/// <c>open(dir, O_RDONLY)</c> opens a directory on Linux and macOS, which is all an fsync of it needs.
/// </remarks>
internal static partial class PosixFileSystem
{
    /// <summary><c>O_RDONLY</c>: 0 on every Linux architecture and on macOS (see the remarks above).</summary>
    private const int ReadOnly = 0;

    /// <summary><c>EINTR</c>: 4 in Linux's <c>include/uapi/asm-generic/errno-base.h</c> (every architecture) and macOS.</summary>
    private const int Interrupted = 4;

    /// <summary>Makes directory entries (created, renamed, deleted files) durable. No-op on Windows.</summary>
    public static void FsyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{path}' to flush it.", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush directory '{path}'.", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Makes the file's data durable, with the metadata needed to read it back (its size, its block allocation) but not
    /// its timestamps: on ext4 and XFS an overwrite of allocated blocks then flushes the device once instead of also
    /// committing a journal transaction for the new modification time. fsync where fdatasync does not exist.
    /// </summary>
    public static void FlushData(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Fdatasync((int)handle.DangerousGetHandle()) != 0)
            {
                throw new IOException("Cannot flush a file to disk.", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Reads the start of a file into <paramref name="destination"/> with plain <c>open(O_RDONLY)</c>/<c>read</c>, which
    /// take no lock, so a file another process holds with <c>flock(LOCK_EX)</c> (a .NET <see cref="FileShare.None"/>
    /// handle) can still be read. Returns the number of bytes read. Not on Windows, where sharing modes are enforced on
    /// every open.
    /// </summary>
    public static unsafe int ReadWithoutLock(string path, Span<byte> destination)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Reading a file without a lock needs POSIX open/read.");
        }

        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open '{path}' to read it.", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            var total = 0;
            fixed (byte* buffer = destination)
            {
                while (total < destination.Length)
                {
                    var read = Read(fd, buffer + total, (nuint)(destination.Length - total));
                    if (read < 0)
                    {
                        var error = Marshal.GetLastPInvokeError();
                        if (error == Interrupted)
                        {
                            continue;
                        }

                        throw new IOException($"Cannot read '{path}'.", new Win32Exception(error));
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    total += (int)read;
                }
            }

            return total;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
