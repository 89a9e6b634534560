using System.Text;
using CleanEventStore.Infrastructure.Native;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Native;

public sealed class PosixFileSystemTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReadWithoutLock_FileHeldExclusively_ReadsWhatAFileStreamCannot()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_directory.Path, "LOCK");
        using var held = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        RandomAccess.Write(held, "pid=1 host=h\n"u8, 0);

        // The premise: .NET's FileStream takes flock(LOCK_SH), which the exclusive holder refuses.
        Assert.Throws<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite).Dispose());
        var buffer = new byte[64];
        var read = PosixFileSystem.ReadWithoutLock(path, buffer);

        Assert.Equal("pid=1 host=h\n", Encoding.UTF8.GetString(buffer, 0, read));
    }

    [Fact]
    public void ReadWithoutLock_FileLongerThanTheBuffer_FillsTheBuffer()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_directory.Path, "long");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 100).Select(i => (byte)i)]);
        var buffer = new byte[10];

        Assert.Equal(10, PosixFileSystem.ReadWithoutLock(path, buffer));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], buffer);
    }

    [Fact]
    public void ReadWithoutLock_MissingFile_ThrowsIOException()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Throws<IOException>(() => PosixFileSystem.ReadWithoutLock(Path.Combine(_directory.Path, "missing"), new byte[8]));
    }

    [Fact]
    public void FsyncDirectory_OpensTheDirectoryReadOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        PosixFileSystem.FsyncDirectory(_directory.Path);

        Assert.Throws<IOException>(() => PosixFileSystem.FsyncDirectory(Path.Combine(_directory.Path, "missing")));
    }
}
