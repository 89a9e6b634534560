using System.Buffers.Binary;
using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Log;

/// <summary>
/// The fixed header in front of every log record (little-endian):
/// <code>
///  0  u32 BodyLength   bytes of the body that follows (an NDJSON line including its '\n', or a system record)
///  4  u32 Crc          CRC-32C over header bytes 8..24 and the body
///  8  i64 Position     1-based global position of an event; 0 for system records
/// 16  u32 Flags        RecordFlags (CommitEnd, System)
/// 20  u32 Reserved     0
/// </code>
/// </summary>
internal readonly record struct RecordHeader(int BodyLength, uint Crc, long Position, RecordFlags Flags)
{
    public const int Size = 24;

    /// <summary>Bodies are bounded so that a corrupt length can never make recovery read gigabytes.</summary>
    public const int MaxBodyLength = 256 * 1024 * 1024;

    public bool IsCommitEnd => (Flags & RecordFlags.CommitEnd) != 0;

    public bool IsSystem => (Flags & RecordFlags.System) != 0;

    public int TotalLength => Size + BodyLength;

    public static RecordHeader Parse(ReadOnlySpan<byte> source) => new(
        (int)BinaryPrimitives.ReadUInt32LittleEndian(source),
        BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        (RecordFlags)BinaryPrimitives.ReadUInt32LittleEndian(source[16..]));

    /// <summary>Writes the header for <paramref name="body"/> (which must follow it) and computes the CRC.</summary>
    public static void Format(Span<byte> destination, ReadOnlySpan<byte> body, long position, RecordFlags flags)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)body.Length);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], position);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], 0);
        var crc = Crc32C.Append(Crc32C.Compute(destination[8..Size]), body);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], crc);
    }

    /// <summary>True when <paramref name="record"/> (header and body) carries a matching CRC.</summary>
    public static bool Verify(ReadOnlySpan<byte> record)
    {
        var header = Parse(record);
        var crc = Crc32C.Append(Crc32C.Compute(record[8..Size]), record.Slice(Size, header.BodyLength));
        return crc == header.Crc;
    }
}
