using System.Buffers;
using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Reading;

/// <summary>The lines of one page of a read, back to back in a pooled buffer that the next page reuses.</summary>
internal sealed class PostgresBatch : EventBatch, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private (int Offset, int Length, long Position)[] _lines = new (int, int, long)[256];
    private int _count;
    private int _bytes;
    private long _lastRevision;

    public override int Count => _count;

    public override int ByteCount => _bytes;

    public override long LastRevision => _lastRevision;

    public byte[] Buffer => _buffer;

    public void Reset()
    {
        _count = 0;
        _bytes = 0;
    }

    /// <summary>Makes room for a line of <paramref name="length"/> bytes; returns its offset in <see cref="Buffer"/>.</summary>
    public int Reserve(int length)
    {
        if (_bytes + length > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _bytes + length));
            _buffer.AsSpan(0, _bytes).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _bytes;
    }

    /// <summary>Keeps the line written at the reserved offset, of the event at <paramref name="position"/>.</summary>
    public void Commit(int length, long position)
    {
        if (_count == _lines.Length)
        {
            Array.Resize(ref _lines, _lines.Length * 2);
        }

        _lines[_count++] = (_bytes, length, position);
        _bytes += length;
    }

    public void Examined(long revision) => _lastRevision = revision;

    public override void WriteTo(IBufferWriter<byte> destination) => destination.Write(_buffer.AsSpan(0, _bytes));

    public override void ForEach<TState>(TState state, ReadOnlySpanAction<byte, TState> action)
    {
        for (var i = 0; i < _count; i++)
        {
            var (offset, length, _) = _lines[i];
            action(_buffer.AsSpan(offset, length - 1), state);
        }
    }

    public override ReadOnlySpan<byte> LineAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        var (offset, length, _) = _lines[index];
        return _buffer.AsSpan(offset, length - 1);
    }

    public override long PositionAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        return _lines[index].Position;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
