using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// The record format of <c>catalog.dat</c> after its <see cref="IndexFileHeader"/>: frames of
/// <c>i32 payload length | u32 CRC-32C of the payload | payload</c>, where a payload is either a stream definition
/// (<c>1 | i32 id | u8 kind | i64 first position | u16 name length | name | i32 matcher length | matcher JSON</c>) or a
/// close (<c>2 | i32 id</c>).
/// </summary>
internal static class CatalogFile
{
    private const byte Created = 1;
    private const byte Closed = 2;

    /// <summary>Parses the frames of <paramref name="span"/>; null when one is truncated, damaged or unknown.</summary>
    public static List<(CatalogEntry Entry, bool IsClose)>? Parse(ReadOnlySpan<byte> span)
    {
        var entries = new List<(CatalogEntry, bool)>();
        while (!span.IsEmpty)
        {
            if (span.Length < 8)
            {
                return null;
            }

            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(span);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
            if (payloadLength < 1 || payloadLength > span.Length - 8)
            {
                return null;
            }

            var payload = span.Slice(8, payloadLength);
            if (Crc32C.Compute(payload) != crc || ParsePayload(payload) is not { } entry)
            {
                return null;
            }

            entries.Add(entry);
            span = span[(8 + payloadLength)..];
        }

        return entries;
    }

    /// <summary>Appends the definition of <paramref name="stream"/>.</summary>
    public static void AppendCreated(ArrayBufferWriter<byte> writer, StreamState stream)
    {
        var name = Encoding.UTF8.GetBytes(stream.Name.Value);
        var matcher = stream.Matcher is null ? [] : Encoding.UTF8.GetBytes(stream.Matcher.Json);
        var payload = new byte[1 + 4 + 1 + 8 + 2 + name.Length + 4 + matcher.Length];
        payload[0] = Created;
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(1), stream.Id);
        payload[5] = (byte)stream.Kind;
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(6), stream.FirstPosition);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(14), (ushort)name.Length);
        name.CopyTo(payload.AsSpan(16));
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(16 + name.Length), matcher.Length);
        matcher.CopyTo(payload.AsSpan(20 + name.Length));
        AppendFramed(writer, payload);
    }

    /// <summary>Appends the close of stream <paramref name="id"/>.</summary>
    public static void AppendClosed(ArrayBufferWriter<byte> writer, int id)
    {
        Span<byte> closed = stackalloc byte[5];
        closed[0] = Closed;
        BinaryPrimitives.WriteInt32LittleEndian(closed[1..], id);
        AppendFramed(writer, closed);
    }

    private static (CatalogEntry Entry, bool IsClose)? ParsePayload(ReadOnlySpan<byte> payload)
    {
        if (payload[0] == Closed)
        {
            return (new CatalogEntry(BinaryPrimitives.ReadInt32LittleEndian(payload[1..]), StreamKind.Write, string.Empty, 0, null), true);
        }

        if (payload[0] != Created)
        {
            return null;
        }

        var id = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
        var kind = (StreamKind)payload[5];
        var first = BinaryPrimitives.ReadInt64LittleEndian(payload[6..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[14..]);
        var name = Encoding.UTF8.GetString(payload.Slice(16, nameLength));
        var matcherLength = BinaryPrimitives.ReadInt32LittleEndian(payload[(16 + nameLength)..]);
        var matcher = matcherLength > 0 ? Encoding.UTF8.GetString(payload.Slice(20 + nameLength, matcherLength)) : null;
        return (new CatalogEntry(id, kind, name, first, matcher), false);
    }

    private static void AppendFramed(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(8 + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32C.Compute(payload));
        payload.CopyTo(span[8..]);
        writer.Advance(8 + payload.Length);
    }
}
