using System.Buffers;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>Reads single event bodies by position (DCB checks and derived-stream backfill in the writer).</summary>
internal sealed class RecordLoader(EngineState state) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    /// <summary>The body (NDJSON line with its newline) of the event at <paramref name="position"/>; valid until the next call.</summary>
    public ReadOnlySpan<byte> Body(long position)
    {
        var segments = state.Segments;
        var address = state.AddressOf(position);
        var segment = segments.ForAddress(address);
        Span<byte> headerBytes = stackalloc byte[RecordHeader.Size];
        segment.ReadExactly(headerBytes, LogAddress.Offset(address));
        var header = RecordHeader.Parse(headerBytes);
        if (header.Position != position || header.BodyLength > RecordHeader.MaxBodyLength)
        {
            throw new InvalidDataException($"The log is corrupt: expected event {position} at {LogAddress.Describe(address)}.");
        }

        if (header.BodyLength > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(header.BodyLength);
        }

        var body = _buffer.AsSpan(0, header.BodyLength);
        segment.ReadExactly(body, LogAddress.Offset(address) + RecordHeader.Size);
        return body;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
