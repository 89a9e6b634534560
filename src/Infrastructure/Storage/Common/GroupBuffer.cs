using System.Buffers;

namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>The bytes of one group, built in a pooled buffer that is kept between groups.</summary>
internal sealed class GroupBuffer : IDisposable
{
    private const int ShrinkAbove = 16 * 1024 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);

    public int Length { get; private set; }

    public byte[] Array => _buffer;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public Span<byte> GetSpan(int size)
    {
        if (Length + size > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + size));
            _buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsSpan(Length, size);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    public void Reset()
    {
        Length = 0;
        if (_buffer.Length > ShrinkAbove)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
