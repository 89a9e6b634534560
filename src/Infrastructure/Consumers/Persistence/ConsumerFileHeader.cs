using System.Buffers.Binary;

namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>
/// The fixed header of a consumer file: magic, format version, kind, body length and a CRC-32C over the header
/// fields and the body, so that a torn or damaged file is detected. Little-endian.
/// </summary>
internal readonly record struct ConsumerFileHeader(ConsumerFileKind Kind, int BodyLength, uint Crc)
{
    public const int Size = 16;
    public const uint Magic = 0x43534543; // "CESC"
    public const ushort FormatVersion = 1;

    public void Format(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Kind);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], BodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc);
    }

    /// <summary>Reads a header; null when the magic, version or kind is wrong.</summary>
    public static ConsumerFileHeader? Parse(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(source[4..]) != FormatVersion)
        {
            return null;
        }

        var kind = (ConsumerFileKind)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        return Enum.IsDefined(kind) && length >= 0
            ? new ConsumerFileHeader(kind, length, BinaryPrimitives.ReadUInt32LittleEndian(source[12..]))
            : null;
    }
}
