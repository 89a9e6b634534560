using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// Writes log records: a <see cref="RecordHeader"/> and, for an event, its <see cref="EventDocument"/> as the body
/// (what reads hand out, byte for byte); for a catalog change, a system body.
/// </summary>
internal static class EventRecordWriter
{
    /// <summary>Upper bound of the bytes <see cref="Write"/> produces for one event.</summary>
    public static int MaxSize(int streamNameLength, int payloadLength, int metadataLength) =>
        RecordHeader.Size + EventDocument.MaxSize(streamNameLength, payloadLength, metadataLength);

    /// <summary>Appends one record to <paramref name="buffer"/>; returns the body offset and length.</summary>
    public static (int BodyOffset, int BodyLength) Write(
        GroupBuffer buffer,
        string stream,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> metadataMembers,
        long position,
        long commitId,
        long committedAt,
        int commitVersion,
        int commitSize,
        long streamVersion,
        bool commitEnd)
    {
        var span = buffer.GetSpan(MaxSize(stream.Length, payload.Length, metadataMembers.Length));
        var body = span[RecordHeader.Size..];
        var n = EventDocument.Write(body, stream, payload, metadataMembers, commitId, committedAt, commitVersion, commitSize, streamVersion);
        RecordHeader.Format(span, body[..n], position, commitEnd ? RecordFlags.CommitEnd : RecordFlags.None);
        var bodyOffset = buffer.Length + RecordHeader.Size;
        buffer.Advance(RecordHeader.Size + n);
        return (bodyOffset, n);
    }

    /// <summary>Appends a system record (a catalog change carried by the log).</summary>
    public static void WriteSystem(GroupBuffer buffer, ReadOnlySpan<byte> body, bool commitEnd)
    {
        var span = buffer.GetSpan(RecordHeader.Size + body.Length);
        body.CopyTo(span[RecordHeader.Size..]);
        RecordHeader.Format(span, body, 0, RecordFlags.System | (commitEnd ? RecordFlags.CommitEnd : RecordFlags.None));
        buffer.Advance(RecordHeader.Size + body.Length);
    }
}
