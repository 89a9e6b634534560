namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>The bytes [Start, End) of the group buffer that go to one segment at <see cref="FileOffset"/>.</summary>
internal sealed class GroupPart(long segmentIndex, bool isNewSegment, int start, long fileOffset)
{
    public long SegmentIndex { get; } = segmentIndex;

    public bool IsNewSegment { get; } = isNewSegment;

    public int Start { get; } = start;

    public int End { get; set; } = start;

    public long FileOffset { get; } = fileOffset;
}
