using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// <c>positions.idx</c> after its <see cref="IndexFileHeader"/>: one i64 log address per global position, in order,
/// so position <c>p</c> is at <c>header + (p - 1) * 8</c>. Read in batches at open, appended at each checkpoint.
/// </summary>
internal static class PositionsFile
{
    private const int Batch = 64 * 1024;

    /// <summary>Loads the addresses of positions 1..<paramref name="head"/>.</summary>
    public static void Load(SafeFileHandle file, AppendOnlyLongList positions, long head)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Batch * sizeof(long));
        var values = ArrayPool<long>.Shared.Rent(Batch);
        try
        {
            long loaded = 0;
            while (loaded < head)
            {
                var take = (int)Math.Min(Batch, head - loaded);
                var bytes = buffer.AsSpan(0, take * sizeof(long));
                IndexFile.ReadExactly(file, bytes, IndexFileHeader.Size + (loaded * sizeof(long)));
                for (var i = 0; i < take; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * sizeof(long))..]);
                }

                positions.AppendRange(values.AsSpan(0, take));
                loaded += take;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<long>.Shared.Return(values);
        }
    }

    /// <summary>Appends the addresses of positions (<paramref name="from"/>, <paramref name="to"/>] at <paramref name="length"/>; returns the new length.</summary>
    public static long Append(SafeFileHandle file, long length, AppendOnlyLongList positions, long from, long to)
    {
        if (to <= from)
        {
            return length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Batch * sizeof(long));
        try
        {
            for (var next = from; next < to;)
            {
                var take = (int)Math.Min(Batch, to - next);
                for (var i = 0; i < take; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(i * sizeof(long)), positions[next + i]);
                }

                RandomAccess.Write(file, buffer.AsSpan(0, take * sizeof(long)), length);
                length += take * sizeof(long);
                next += take;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return length;
    }
}
