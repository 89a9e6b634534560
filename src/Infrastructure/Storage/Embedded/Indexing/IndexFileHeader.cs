using System.Buffers.Binary;
using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// The 64-byte header of an index file: 8-byte magic naming the file kind, u32 format version, reserved zeros,
/// u32 CRC-32C of bytes 0..60.
/// </summary>
internal static class IndexFileHeader
{
    public const int Size = 64;
    private const uint Version = 1;

    public static void Format(Span<byte> destination, ReadOnlySpan<byte> magic)
    {
        destination[..Size].Clear();
        magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], Crc32C.Compute(destination[..60]));
    }

    public static bool IsValid(ReadOnlySpan<byte> source, ReadOnlySpan<byte> magic) =>
        source.Length >= Size
        && source[..8].SequenceEqual(magic)
        && BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) == Version
        && BinaryPrimitives.ReadUInt32LittleEndian(source[60..]) == Crc32C.Compute(source[..60]);
}
