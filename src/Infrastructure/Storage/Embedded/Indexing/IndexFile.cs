using CleanEventStore.Infrastructure.Native;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>File operations shared by the index files: open, header check, reset, truncation, exact reads, atomic replace.</summary>
internal static class IndexFile
{
    public static SafeFileHandle Open(string directory, string name) =>
        File.OpenHandle(Path.Combine(directory, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

    public static bool HasValidHeader(SafeFileHandle handle, ReadOnlySpan<byte> magic)
    {
        Span<byte> header = stackalloc byte[IndexFileHeader.Size];
        return RandomAccess.Read(handle, header, 0) == IndexFileHeader.Size && IndexFileHeader.IsValid(header, magic);
    }

    /// <summary>Empties the file down to a fresh header, durably.</summary>
    public static void Reset(SafeFileHandle handle, ReadOnlySpan<byte> magic)
    {
        Span<byte> header = stackalloc byte[IndexFileHeader.Size];
        IndexFileHeader.Format(header, magic);
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, header, 0);
        RandomAccess.FlushToDisk(handle);
    }

    public static void TruncateTo(SafeFileHandle handle, long length)
    {
        if (RandomAccess.GetLength(handle) > length)
        {
            RandomAccess.SetLength(handle, length);
        }
    }

    public static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        if (!ExactRead.TryRead(handle, destination, offset, out _))
        {
            throw new EndOfStreamException("An index file ended before the length its checkpoint records.");
        }
    }

    /// <summary>Writes a small file through a temporary file, flush and rename, then flushes the directory.</summary>
    public static void WriteAtomically(string directory, string fileName, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(directory, fileName);
        var temporary = path + ".tmp";
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, content, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path, overwrite: true);
        PosixFileSystem.FsyncDirectory(directory);
    }
}
