using CleanEventStore.Infrastructure.Native;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// Makes a staged group durable: one write per segment the group touches (creating the segments it starts), then,
/// with Durability=Fsync, one fdatasync per written segment, and only then publishes each segment's committed length
/// to readers. An I/O error propagates to the writer, which faults. Writer thread only.
/// </summary>
internal sealed partial class GroupFlusher(EngineState state, string logDirectory, bool fsync, TimeProvider timeProvider, ILogger logger)
{
    private readonly List<Segment> _written = [];

    public void Flush(GroupBuffer buffer, List<GroupPart> parts)
    {
        _written.Clear();
        foreach (var part in parts)
        {
            if (part.End == part.Start)
            {
                continue;
            }

            var segment = part.IsNewSegment ? CreateSegment(part.SegmentIndex) : state.Segments.TryGet(part.SegmentIndex)!;
            RandomAccess.Write(segment.Handle, buffer.Array.AsSpan(part.Start, part.End - part.Start), part.FileOffset);
            segment.WrittenLength = part.FileOffset + (part.End - part.Start);
            segment.PreparedLength = Math.Max(segment.PreparedLength, segment.WrittenLength);
            _written.Add(segment);
        }

        if (fsync)
        {
            foreach (var segment in _written)
            {
                PosixFileSystem.FlushData(segment.Handle);
            }
        }

        foreach (var segment in _written)
        {
            segment.CommittedLength = segment.WrittenLength;
        }

        _written.Clear();
    }

    private Segment CreateSegment(long index)
    {
        var segment = Segment.Create(logDirectory, index, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), preallocate: 0);
        state.Segments = state.Segments.With(segment);
        LogSegmentCreated(logger, segment.Path);
        return segment;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created log segment {Path}")]
    private static partial void LogSegmentCreated(ILogger logger, string path);
}
