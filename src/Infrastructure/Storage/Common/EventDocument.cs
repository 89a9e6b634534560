using System.Buffers.Text;
using System.Text;

namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>
/// The stored document of an event, exactly as reads return it, the same on every provider:
/// <c>{"stream":…,"payload":…,"metadata":{"commitId":…,"committedAt":…,"commitVersion":…,"commitSize":…,&lt;client
/// metadata&gt;,"streamVersion":…}}</c> followed by a newline. Stream names need no escaping (ASCII letters,
/// digits and separators only); payload and metadata are copied as the compact JSON the Api produced.
/// </summary>
internal static class EventDocument
{
    /// <summary>Upper bound of the bytes <see cref="Write"/> produces for one event.</summary>
    public static int MaxSize(int streamNameLength, int payloadLength, int metadataLength) =>
        160 + streamNameLength + payloadLength + metadataLength;

    /// <summary>Writes the document into <paramref name="body"/> (at least <see cref="MaxSize"/> bytes); returns its length.</summary>
    public static int Write(
        Span<byte> body,
        string stream,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> metadataMembers,
        long commitId,
        long committedAt,
        int commitVersion,
        int commitSize,
        long streamVersion)
    {
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
        return n;
    }

    /// <summary>Appends the document to <paramref name="buffer"/>; returns where it starts and its length.</summary>
    public static (int Offset, int Length) Append(
        GroupBuffer buffer,
        string stream,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> metadataMembers,
        long commitId,
        long committedAt,
        int commitVersion,
        int commitSize,
        long streamVersion)
    {
        var span = buffer.GetSpan(MaxSize(stream.Length, payload.Length, metadataMembers.Length));
        var n = Write(span, stream, payload, metadataMembers, commitId, committedAt, commitVersion, commitSize, streamVersion);
        var offset = buffer.Length;
        buffer.Advance(n);
        return (offset, n);
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
