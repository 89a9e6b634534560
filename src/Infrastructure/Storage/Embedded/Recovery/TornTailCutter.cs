using System.Globalization;
using CleanEventStore.Infrastructure.Native;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>
/// Cuts the log back to the end of the last complete commit, keeping the cut bytes of every later segment in side
/// files (<c>&lt;segment&gt;.torn-&lt;unix ms&gt;</c>): never-acknowledged data is removed from the log, never lost.
/// </summary>
internal static class TornTailCutter
{
    public static TornTail Cut(EngineState state, string logDirectory, TimeProvider timeProvider, long address, string reason)
    {
        var stamp = timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        long total = 0;
        string? firstFile = null;
        var keep = new List<Segment>();
        var cutSegment = LogAddress.Segment(address);
        foreach (var segment in state.Segments.All)
        {
            if (segment.Index < cutSegment)
            {
                keep.Add(segment);
                continue;
            }

            var from = segment.Index == cutSegment ? LogAddress.Offset(address) : 0;
            var length = segment.LastNonZero(from, segment.PreparedLength) + 1 - from;
            if (length > 0)
            {
                var side = segment.Path + ".torn-" + stamp;
                var bytes = new byte[length];
                segment.ReadExactly(bytes, from);
                File.WriteAllBytes(side, bytes);
                firstFile ??= side;
                total += length;
            }

            if (segment.Index == cutSegment)
            {
                RandomAccess.SetLength(segment.Handle, from);
                RandomAccess.FlushToDisk(segment.Handle);
                segment.WrittenLength = from;
                segment.CommittedLength = from;
                segment.PreparedLength = from;
                keep.Add(segment);
            }
            else
            {
                segment.Dispose();
                File.Delete(segment.Path);
            }
        }

        PosixFileSystem.FsyncDirectory(logDirectory);
        state.Segments = new SegmentSet([.. keep]);
        return new TornTail(total, firstFile, reason);
    }
}
