using System.Buffers.Binary;
using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// What the persisted indexes cover: events up to <see cref="Head"/>, and every record before
/// <see cref="ResumeAddress"/> in the log. Recovery loads the index files up to the recorded lengths and replays
/// the log from <see cref="ResumeAddress"/>. Layout (little-endian, 96 bytes):
/// <code>
///  0 magic "CESCKP01" | 8 u32 version | 12 u32 size | 16 i64 head | 24 i64 resume address
/// 32 i64 positions file length | 40 i64 memberships file length | 48 i64 catalog file length
/// 56 i32 stream count | 60 i32 reserved | 64 i64 created at (Unix ms) | 72 20 bytes reserved | 92 u32 CRC-32C of 0..92
/// </code>
/// </summary>
internal readonly record struct Checkpoint(
    long Head,
    long ResumeAddress,
    long PositionsLength,
    long MembershipsLength,
    long CatalogLength,
    int StreamCount,
    long CreatedAtMs)
{
    public const int Size = 96;
    private const uint Version = 1;

    private static ReadOnlySpan<byte> Magic => "CESCKP01"u8;

    public void Format(Span<byte> destination)
    {
        destination[..Size].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Size);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], Head);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], ResumeAddress);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], PositionsLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[40..], MembershipsLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[48..], CatalogLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[56..], StreamCount);
        BinaryPrimitives.WriteInt64LittleEndian(destination[64..], CreatedAtMs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[92..], Crc32C.Compute(destination[..92]));
    }

    /// <summary>Null when the bytes are not a valid checkpoint (missing, torn, other version).</summary>
    public static Checkpoint? TryParse(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size
            || !source[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) != Version
            || BinaryPrimitives.ReadUInt32LittleEndian(source[92..]) != Crc32C.Compute(source[..92]))
        {
            return null;
        }

        return new Checkpoint(
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[48..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[64..]));
    }
}
