using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// The in-memory state shared by the writer (the only mutator) and the readers: segments, the position index,
/// the stream catalog and the visible head. The writer appends index entries first and publishes the head last, so
/// a reader that bounds itself by <see cref="Head"/> sees whole groups only.
/// </summary>
internal sealed class EngineState
{
    private SegmentSet _segments = SegmentSet.Empty;
    private long _head;

    /// <summary>Log address of each event; entry i is position i + 1.</summary>
    public AppendOnlyLongList Positions { get; } = new();

    public StreamCatalog Catalog { get; } = new();

    public ChangeNotifier Notifier { get; } = new();

    /// <summary>Position of the last visible event (= number of visible events).</summary>
    public long Head => Volatile.Read(ref _head);

    public SegmentSet Segments
    {
        get => Volatile.Read(ref _segments);
        set => Volatile.Write(ref _segments, value);
    }

    public void PublishHead(long head) => Volatile.Write(ref _head, head);

    /// <summary>Log address of the event at <paramref name="position"/> (1-based, must be indexed).</summary>
    public long AddressOf(long position) => Positions[position - 1];

    /// <summary>
    /// An upper bound of the end address of the record at <paramref name="position"/>: the next event's address
    /// in the same segment, or the end of the segment's committed bytes.
    /// </summary>
    public long RecordEndBound(long position, long indexedCount, SegmentSet segments)
    {
        var address = AddressOf(position);
        if (position < indexedCount)
        {
            var next = AddressOf(position + 1);
            if (LogAddress.Segment(next) == LogAddress.Segment(address))
            {
                return next;
            }
        }

        var segment = segments.ForAddress(address);
        return LogAddress.Make(segment.Index, segment.CommittedLength);
    }
}
