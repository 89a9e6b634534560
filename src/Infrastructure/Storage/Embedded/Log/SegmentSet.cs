namespace CleanEventStore.Infrastructure.Storage.Embedded.Log;

/// <summary>An immutable, contiguous list of segments; the writer swaps in a new set when it adds one.</summary>
internal sealed class SegmentSet(Segment[] segments)
{
    private readonly Segment[] _segments = segments;
    private readonly long _firstIndex = segments.Length == 0 ? 0 : segments[0].Index;

    public static SegmentSet Empty { get; } = new([]);

    public int Count => _segments.Length;

    public IReadOnlyList<Segment> All => _segments;

    public Segment Last => _segments[^1];

    public Segment ForAddress(long address) => _segments[LogAddress.Segment(address) - _firstIndex];

    public Segment? TryGet(long index)
    {
        var slot = index - _firstIndex;
        return slot >= 0 && slot < _segments.Length ? _segments[slot] : null;
    }

    public SegmentSet With(Segment segment) => new([.. _segments, segment]);
}
