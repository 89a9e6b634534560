using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// <c>memberships.idx</c> after its <see cref="IndexFileHeader"/>: (i32 stream id, i64 position) per stream membership,
/// each stream's entries ascending. Read in batches at open (checked: a bad id or order means rebuild), appended at
/// each checkpoint with the memberships of the streams that changed.
/// </summary>
internal static class MembershipsFile
{
    public const int EntrySize = 12;
    private const int Batch = 64 * 1024;

    /// <summary>Loads the memberships in [header, <paramref name="length"/>); false when they are not consistent.</summary>
    public static bool Load(SafeFileHandle file, List<StreamState> streams, long length, long head)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Batch * EntrySize);
        try
        {
            var offset = (long)IndexFileHeader.Size;
            while (offset < length)
            {
                var take = (int)Math.Min(Batch * EntrySize, length - offset);
                var bytes = buffer.AsSpan(0, take);
                IndexFile.ReadExactly(file, bytes, offset);
                for (var i = 0; i + EntrySize <= take; i += EntrySize)
                {
                    var id = BinaryPrimitives.ReadInt32LittleEndian(bytes[i..]);
                    var position = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i + 4)..]);
                    if ((uint)id >= (uint)streams.Count || position < 1 || position > head)
                    {
                        return false;
                    }

                    var list = streams[id].Positions;
                    var count = list.Count;
                    if (count > 0 && list[count - 1] >= position)
                    {
                        return false;
                    }

                    list.Append(position);
                }

                offset += take;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends the unpersisted memberships of <paramref name="dirtyStreams"/> up to <paramref name="head"/>; returns the new length.</summary>
    public static long Append(SafeFileHandle file, long length, IReadOnlyCollection<StreamState> dirtyStreams, long head)
    {
        const int BatchBytes = Batch * EntrySize;
        var buffer = ArrayPool<byte>.Shared.Rent(BatchBytes);
        try
        {
            var used = 0;
            foreach (var stream in dirtyStreams)
            {
                var upTo = stream.VisibleCount(head);
                var positions = stream.Positions;
                for (var i = stream.PersistedCount; i < upTo; i++)
                {
                    if (used == BatchBytes)
                    {
                        length = Write(file, length, buffer.AsSpan(0, used));
                        used = 0;
                    }

                    var entry = buffer.AsSpan(used, EntrySize);
                    BinaryPrimitives.WriteInt32LittleEndian(entry, stream.Id);
                    BinaryPrimitives.WriteInt64LittleEndian(entry[4..], positions[i]);
                    used += EntrySize;
                }

                stream.PersistedCount = upTo;
            }

            length = Write(file, length, buffer.AsSpan(0, used));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return length;
    }

    private static long Write(SafeFileHandle file, long length, ReadOnlySpan<byte> entries)
    {
        if (!entries.IsEmpty)
        {
            RandomAccess.Write(file, entries, length);
            length += entries.Length;
        }

        return length;
    }
}
