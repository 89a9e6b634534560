namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// A list of longs that one writer appends to while any number of readers read it without locks. Storage is
/// chunked (no large copies as it grows; the first chunk starts small so that millions of tiny streams stay
/// cheap). The writer stores the value before it publishes the new count; readers read the count first and
/// only touch indexes below it.
/// </summary>
internal sealed class AppendOnlyLongList
{
    private const int ChunkShift = 14;
    private const int ChunkSize = 1 << ChunkShift;
    private const long ChunkMask = ChunkSize - 1;
    private const int InitialCapacity = 4;

    private long[][] _chunks = [new long[InitialCapacity]];
    private long _count;

    /// <summary>Number of published entries.</summary>
    public long Count => Volatile.Read(ref _count);

    public long this[long index]
    {
        get
        {
            var chunks = Volatile.Read(ref _chunks);
            return Volatile.Read(ref chunks[index >> ChunkShift])[index & ChunkMask];
        }
    }

    /// <summary>Appends and publishes one entry (writer only).</summary>
    public void Append(long value)
    {
        var count = _count;
        SlotFor(count)[count & ChunkMask] = value;
        Volatile.Write(ref _count, count + 1);
    }

    /// <summary>Appends entries without publishing them; call <see cref="Publish"/> after (writer only).</summary>
    public void AppendUnpublished(long value, ref long pendingCount)
    {
        SlotFor(pendingCount)[pendingCount & ChunkMask] = value;
        pendingCount++;
    }

    /// <summary>Publishes entries appended with <see cref="AppendUnpublished"/>.</summary>
    public void Publish(long newCount) => Volatile.Write(ref _count, newCount);

    /// <summary>Appends many entries and publishes them once (writer only, used when loading indexes).</summary>
    public void AppendRange(ReadOnlySpan<long> values)
    {
        var count = _count;
        while (!values.IsEmpty)
        {
            var chunk = SlotFor(count);
            var offset = (int)(count & ChunkMask);
            var take = Math.Min(values.Length, chunk.Length - offset);
            values[..take].CopyTo(chunk.AsSpan(offset));
            values = values[take..];
            count += take;
        }

        Volatile.Write(ref _count, count);
    }

    /// <summary>Index of the first entry of [0, count) that is &gt;= <paramref name="value"/> (the list must be ascending).</summary>
    public long LowerBound(long value, long count)
    {
        long low = 0;
        var high = count;
        while (low < high)
        {
            var mid = low + ((high - low) >> 1);
            if (this[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>How many leading entries of an ascending list are &lt;= <paramref name="maximum"/>.</summary>
    public long CountAtMost(long maximum)
    {
        var count = Count;
        if (count == 0 || this[count - 1] <= maximum)
        {
            return count;
        }

        return LowerBound(maximum + 1, count);
    }

    /// <summary>Drops entries from <paramref name="newCount"/> on (used only before the list is shared, during recovery).</summary>
    public void Truncate(long newCount)
    {
        if (newCount < _count)
        {
            Volatile.Write(ref _count, newCount);
        }
    }

    /// <summary>Returns a chunk with room for index <paramref name="index"/>, growing storage when needed.</summary>
    private long[] SlotFor(long index)
    {
        var chunkIndex = (int)(index >> ChunkShift);
        var chunks = _chunks;
        if (chunkIndex >= chunks.Length)
        {
            var grown = new long[Math.Max(chunks.Length * 2, chunkIndex + 1)][];
            Array.Copy(chunks, grown, chunks.Length);
            Volatile.Write(ref _chunks, grown);
            chunks = grown;
        }

        var chunk = chunks[chunkIndex];
        if (chunk is null)
        {
            chunk = new long[ChunkSize];
            Volatile.Write(ref chunks[chunkIndex], chunk);
        }
        else if ((index & ChunkMask) >= chunk.Length)
        {
            var bigger = new long[Math.Min(ChunkSize, chunk.Length * 2)];
            Array.Copy(chunk, bigger, chunk.Length);
            Volatile.Write(ref chunks[chunkIndex], bigger);
            chunk = bigger;
        }

        return chunk;
    }
}
