using System.Buffers.Text;
using System.Text;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// Writes event records: the header and the stored document exactly as reads return it,
/// <c>{"stream":…,"payload":…,"metadata":{"commitId":…,"committedAt":…,"commitVersion":…,"commitSize":…,&lt;client
/// metadata&gt;,"streamVersion":…}}</c> followed by a newline. Stream names need no escaping (ASCII letters,
/// digits and separators only); payload and metadata are copied as the compact JSON the Api produced.
/// </summary>
internal static class EventRecordWriter
{
    /// <summary>Upper bound of the bytes <see cref="Write"/> produces for one event.</summary>
    public static int MaxSize(int streamNameLength, int payloadLength, int metadataLength) =>
        RecordHeader.Size + 160 + streamNameLength + payloadLength + metadataLength;

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
        var n = 0;
        Append(body, ref n, "{\"stream\":\""u8);
        n += Encoding.ASCII.GetBytes(stream, body[n..]);
        Append(body, ref n, "\",\"payload\":"u8);
        Append(body, ref n, payload);
        Append(body, ref n, ",\"metadata\":{\"commitId\":"u8);
        Number(body, ref n, commitId);
        Append(body, ref n, ",\"committedAt\":"u8);
        Number(body, ref n, committedAt);
        Append(body, ref n, ",\"commitVersion\":"u8);
        Number(body, ref n, commitVersion);
        Append(body, ref n, ",\"commitSize\":"u8);
        Number(body, ref n, commitSize);
        if (!metadataMembers.IsEmpty)
        {
            body[n++] = (byte)',';
            Append(body, ref n, metadataMembers);
        }

        Append(body, ref n, ",\"streamVersion\":"u8);
        Number(body, ref n, streamVersion);
        Append(body, ref n, "}}\n"u8);
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

    private static void Append(Span<byte> destination, ref int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[offset..]);
        offset += bytes.Length;
    }

    private static void Number(Span<byte> destination, ref int offset, long value)
    {
        Utf8Formatter.TryFormat(value, destination[offset..], out var written);
        offset += written;
    }
}
