using System.Buffers.Binary;
using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Log;

/// <summary>
/// The 64-byte header of a segment file (little-endian):
/// <code>
///  0  8 bytes  magic "CESLOG01"
///  8  u32      format version (1)
/// 12  u32      header size (64)
/// 16  i64      segment index
/// 24  i64      created at (Unix ms)
/// 32  28 bytes reserved, zero
/// 60  u32      CRC-32C of bytes 0..60
/// </code>
/// </summary>
internal readonly record struct SegmentHeader(long Index, long CreatedAtMs)
{
    public const int Size = 64;
    public const uint FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "CESLOG01"u8;

    public void Format(Span<byte> destination)
    {
        destination[..Size].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Size);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], Index);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], CreatedAtMs);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], Crc32C.Compute(destination[..60]));
    }

    /// <summary>Parses and checks a header; throws <see cref="InvalidDataException"/> naming the problem.</summary>
    public static SegmentHeader Parse(ReadOnlySpan<byte> source, string path)
    {
        if (source.Length < Size || !source[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a CleanEventStore log segment (bad magic).");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[60..]) != Crc32C.Compute(source[..60]))
        {
            throw new InvalidDataException($"The header of log segment '{path}' is corrupt (CRC mismatch).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Log segment '{path}' has format version {version}; this build reads version {FormatVersion}.");
        }

        return new SegmentHeader(BinaryPrimitives.ReadInt64LittleEndian(source[16..]), BinaryPrimitives.ReadInt64LittleEndian(source[24..]));
    }
}
