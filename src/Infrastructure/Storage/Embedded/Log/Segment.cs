using System.Buffers;
using System.Globalization;
using CleanEventStore.Infrastructure.Native;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Log;

/// <summary>
/// One segment file of the log: a <see cref="SegmentHeader"/> followed by records. Only the writer appends;
/// readers read below <see cref="CommittedLength"/>, which the writer publishes after each durable group.
/// </summary>
internal sealed class Segment : IDisposable
{
    private long _committedLength;

    private Segment(long index, string path, SafeFileHandle handle, long length)
    {
        Index = index;
        Path = path;
        Handle = handle;
        _committedLength = length;
        WrittenLength = length;
        PreparedLength = length;
    }

    public long Index { get; }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>Bytes that are durable and visible to readers (file offset, header included).</summary>
    public long CommittedLength
    {
        get => Volatile.Read(ref _committedLength);
        set => Volatile.Write(ref _committedLength, value);
    }

    /// <summary>End of the data the writer has written (writer thread only).</summary>
    public long WrittenLength { get; set; }

    /// <summary>
    /// Length of the file: beyond <see cref="WrittenLength"/> it holds zeros written ahead of time, so that appends
    /// overwrite allocated blocks and their fsync has no file-size or allocation metadata to persist (writer thread only).
    /// </summary>
    public long PreparedLength { get; set; }

    public long StartAddress => LogAddress.Make(Index, SegmentHeader.Size);

    public static string FileName(long index) => index.ToString("D8", CultureInfo.InvariantCulture) + ".seg";

    public static bool TryParseFileName(string fileName, out long index)
    {
        index = 0;
        return fileName.EndsWith(".seg", StringComparison.Ordinal)
            && fileName.Length == 12
            && long.TryParse(fileName.AsSpan(0, 8), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>Creates a new segment, writes its header and makes both file and directory entry durable.</summary>
    public static Segment Create(string directory, long index, long createdAtMs, long preallocate)
    {
        var path = System.IO.Path.Combine(directory, FileName(index));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, preallocate);
        try
        {
            Span<byte> header = stackalloc byte[SegmentHeader.Size];
            new SegmentHeader(index, createdAtMs).Format(header);
            RandomAccess.Write(handle, header, 0);
            RandomAccess.FlushToDisk(handle);
            PosixFileSystem.FsyncDirectory(directory);
            return new Segment(index, path, handle, SegmentHeader.Size);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing segment and checks its header.</summary>
    public static Segment Open(string path, long expectedIndex, bool writable)
    {
        var handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read);
        try
        {
            var length = RandomAccess.GetLength(handle);
            Span<byte> header = stackalloc byte[SegmentHeader.Size];
            var read = RandomAccess.Read(handle, header, 0);
            var parsed = SegmentHeader.Parse(header[..read], path);
            if (parsed.Index != expectedIndex)
            {
                throw new InvalidDataException($"Log segment '{path}' claims index {parsed.Index}; expected {expectedIndex}.");
            }

            return new Segment(expectedIndex, path, handle, length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads <c>destination.Length</c> bytes at file offset <paramref name="offset"/>; the log ending first is corrupt data.</summary>
    public void ReadExactly(Span<byte> destination, long offset)
    {
        if (!ExactRead.TryRead(Handle, destination, offset, out var end))
        {
            throw new InvalidDataException($"The log ended unexpectedly at offset {end}.");
        }
    }

    /// <summary>Offset of the last non-zero byte of [<paramref name="from"/>, <paramref name="to"/>), or -1 when it is all zeros.</summary>
    public long LastNonZero(long from, long to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            var end = to;
            while (end > from)
            {
                var length = (int)Math.Min(buffer.Length, end - from);
                var start = end - length;
                ReadExactly(buffer.AsSpan(0, length), start);
                var index = buffer.AsSpan(0, length).LastIndexOfAnyExcept((byte)0);
                if (index >= 0)
                {
                    return start + index;
                }

                end = start;
            }

            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => Handle.Dispose();
}
