using System.Buffers;

namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>
/// A run of stored events as NDJSON lines (each the exact stored document followed by <c>\n</c>), produced by a
/// reader that reuses its buffers: a batch is only valid until the enumerator moves on.
/// </summary>
public abstract class EventBatch
{
    /// <summary>Number of events (lines) in the batch.</summary>
    public abstract int Count { get; }

    /// <summary>Total bytes of the lines.</summary>
    public abstract int ByteCount { get; }

    /// <summary>
    /// Revision (stream reads) or global position (global reads) of the last event the reader examined for this
    /// batch, in read order, including events the filter skipped: the point a continuation starts after.
    /// </summary>
    public abstract long LastRevision { get; }

    /// <summary>Copies the lines to <paramref name="destination"/>.</summary>
    public abstract void WriteTo(IBufferWriter<byte> destination);

    /// <summary>Calls <paramref name="action"/> once per line (without the newline), in order.</summary>
    public abstract void ForEach<TState>(TState state, ReadOnlySpanAction<byte, TState> action);

    /// <summary>Line <paramref name="index"/> (0-based, in batch order) without its newline.</summary>
    public abstract ReadOnlySpan<byte> LineAt(int index);

    /// <summary>The global position of the event of line <paramref name="index"/> (follows append it to each line).</summary>
    public abstract long PositionAt(int index);
}
