using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>Frames a body with a <see cref="ConsumerFileHeader"/> and checks a framed file.</summary>
internal static class ConsumerFileCodec
{
    public static byte[] Frame(ConsumerFileKind kind, ReadOnlySpan<byte> body)
    {
        var file = new byte[ConsumerFileHeader.Size + body.Length];
        body.CopyTo(file.AsSpan(ConsumerFileHeader.Size));
        new ConsumerFileHeader(kind, body.Length, 0).Format(file);
        var crc = Checksum(file, body.Length);
        new ConsumerFileHeader(kind, body.Length, crc).Format(file);
        return file;
    }

    /// <summary>The body of a complete, undamaged file of <paramref name="kind"/>, else null.</summary>
    public static ReadOnlyMemory<byte>? Unframe(ConsumerFileKind kind, byte[] file)
    {
        if (ConsumerFileHeader.Parse(file) is not { } header
            || header.Kind != kind
            || header.BodyLength != file.Length - ConsumerFileHeader.Size
            || header.Crc != Checksum(file, header.BodyLength))
        {
            return null;
        }

        return file.AsMemory(ConsumerFileHeader.Size);
    }

    /// <summary>CRC-32C over the header without its CRC field, then the body.</summary>
    private static uint Checksum(byte[] file, int bodyLength)
    {
        var crc = Crc32C.Compute(file.AsSpan(0, ConsumerFileHeader.Size - sizeof(uint)));
        return Crc32C.Append(crc, file.AsSpan(ConsumerFileHeader.Size, bodyLength));
    }
}
