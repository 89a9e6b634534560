using System.Buffers;
using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>The lines of one block read, as slices of the reader's buffer (no copies, no per-event objects).</summary>
internal sealed class BlockBatch : EventBatch
{
    private const int MaxSpanRequest = 64 * 1024;

    private RecordSlice[] _slices;
    private byte[] _buffer = [];
    private int _count;
    private int _bytes;
    private long _lastRevision;

    /// <summary>A batch with room for <paramref name="capacity"/> lines (at most 256 to begin with; it grows as needed).</summary>
    public BlockBatch(int capacity) => _slices = new RecordSlice[Math.Clamp(capacity, 1, 256)];

    public override int Count => _count;

    public override int ByteCount => _bytes;

    public override long LastRevision => _lastRevision;

    public void Reset(byte[] buffer)
    {
        _buffer = buffer;
        _count = 0;
        _bytes = 0;
    }

    public void Add(int offset, int length, long position)
    {
        if (_count == _slices.Length)
        {
            Array.Resize(ref _slices, _slices.Length * 2);
        }

        _slices[_count++] = new RecordSlice(offset, length, position);
        _bytes += length;
    }

    public void Examined(long revision) => _lastRevision = revision;

    /// <summary>
    /// Copies the lines into as few destination spans as it hands out (a pipe's blocks), not one request per line:
    /// each GetSpan/Advance pair on a response pipe takes a lock.
    /// </summary>
    public override void WriteTo(IBufferWriter<byte> destination)
    {
        var remaining = _bytes;
        var span = destination.GetSpan(Math.Min(remaining, MaxSpanRequest));
        var used = 0;
        for (var i = 0; i < _count; i++)
        {
            var slice = _slices[i];
            var source = _buffer.AsSpan(slice.Offset, slice.Length);
            while (!source.IsEmpty)
            {
                if (used == span.Length)
                {
                    destination.Advance(used);
                    remaining -= used;
                    span = destination.GetSpan(Math.Min(remaining, MaxSpanRequest));
                    used = 0;
                }

                var take = Math.Min(source.Length, span.Length - used);
                source[..take].CopyTo(span[used..]);
                used += take;
                source = source[take..];
            }
        }

        destination.Advance(used);
    }

    public override void ForEach<TState>(TState state, ReadOnlySpanAction<byte, TState> action)
    {
        for (var i = 0; i < _count; i++)
        {
            var slice = _slices[i];
            action(_buffer.AsSpan(slice.Offset, slice.Length - 1), state);
        }
    }

    public override ReadOnlySpan<byte> LineAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        var slice = _slices[index];
        return _buffer.AsSpan(slice.Offset, slice.Length - 1);
    }

    public override long PositionAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
        return _slices[index].Position;
    }
}
