using System.Buffers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>
/// Reads the events a cursor names and hands them out as batches of NDJSON lines. Records are fetched in blocks:
/// consecutive wanted records that lie within <see cref="BlockSize"/> of each other are read with one
/// <c>pread</c>, so a scan costs a few system calls per megabyte, and a sparse stream does not read the gaps. A
/// batch is one block's wanted lines (skipping those the filter rejects); memory stays flat whatever the result
/// size. Reads are synchronous against the page cache; the async surface only lets the caller await its writes.
/// </summary>
internal sealed class LogReader : IAsyncEnumerable<EventBatch>, IAsyncEnumerator<EventBatch>
{
    public const int BlockSize = 256 * 1024;
    private const int Lookahead = 512;
    private const long MaxGap = 64 * 1024;

    private readonly EngineState _state;
    private readonly PositionCursor _cursor;
    private readonly IEventFilter? _filter;
    private readonly SegmentSet _segments;
    private readonly long _indexedCount;
    private readonly CancellationToken _cancellationToken;
    private readonly BlockBatch _batch;
    private readonly long[] _positions;
    private readonly long[] _revisions;
    private readonly long[] _addresses;
    private byte[] _buffer;
    private int _lookaheadCount;
    private int _lookaheadIndex;
    private bool _cursorDone;
    private long _blockStart = -1;
    private int _blockLength;
    private bool _enumerated;

    /// <param name="state">The engine's published state.</param>
    /// <param name="cursor">The positions to read.</param>
    /// <param name="filter">The filter lines must pass, or null.</param>
    /// <param name="maxEvents">
    /// An upper bound of the events the cursor yields (the window's size): a small read (a follow's step over the last
    /// few commits) sizes its look-ahead to it instead of allocating room for 512 events.
    /// </param>
    /// <param name="cancellationToken">Ends the read.</param>
    public LogReader(EngineState state, PositionCursor cursor, IEventFilter? filter, long maxEvents, CancellationToken cancellationToken)
    {
        var lookahead = (int)Math.Clamp(maxEvents, 1, Lookahead);
        _positions = new long[lookahead];
        _revisions = new long[lookahead];
        _addresses = new long[lookahead];
        _batch = new BlockBatch(lookahead);
        _state = state;
        _cursor = cursor;
        _filter = filter;
        _segments = state.Segments;
        _indexedCount = state.Positions.Count;
        _cancellationToken = cancellationToken;
        _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
    }

    public EventBatch Current => _batch;

    public IAsyncEnumerator<EventBatch> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("A log reader can be enumerated once.");
        }

        _enumerated = true;
        return this;
    }

    public ValueTask<bool> MoveNextAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ReadBatch());
    }

    public ValueTask DisposeAsync()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Fills the batch with the wanted records of the current block (reading a new block if needed).</summary>
    private bool ReadBatch()
    {
        _batch.Reset(_buffer);
        while (true)
        {
            if (_lookaheadIndex == _lookaheadCount && !FillLookahead())
            {
                return _batch.Count > 0;
            }

            var address = _addresses[_lookaheadIndex];
            var end = EndBound(_lookaheadIndex);
            if (!InBlock(address, end))
            {
                if (_batch.Count > 0)
                {
                    return true;
                }

                LoadBlock(_lookaheadIndex);
            }

            Take(_lookaheadIndex);
            _lookaheadIndex++;
        }
    }

    private bool FillLookahead()
    {
        _lookaheadIndex = 0;
        _lookaheadCount = 0;
        while (!_cursorDone && _lookaheadCount < _positions.Length)
        {
            if (!_cursor.TryNext(out var position))
            {
                _cursorDone = true;
                break;
            }

            _positions[_lookaheadCount] = position;
            _revisions[_lookaheadCount] = _cursor.Revision;
            _addresses[_lookaheadCount] = _state.AddressOf(position);
            _lookaheadCount++;
        }

        return _lookaheadCount > 0;
    }

    private long EndBound(int index) => _state.RecordEndBound(_positions[index], _indexedCount, _segments);

    private bool InBlock(long address, long end) =>
        _blockStart >= 0 && address >= _blockStart && end <= _blockStart + _blockLength;

    /// <summary>Reads one block covering the record at <paramref name="first"/> and as many following wanted records as fit.</summary>
    private void LoadBlock(int first)
    {
        var start = _addresses[first];
        var end = EndBound(first);
        var segment = LogAddress.Segment(start);
        for (var i = first + 1; i < _lookaheadCount; i++)
        {
            var address = _addresses[i];
            if (LogAddress.Segment(address) != segment)
            {
                break;
            }

            var recordEnd = EndBound(i);
            var newStart = Math.Min(start, address);
            var newEnd = Math.Max(end, recordEnd);
            var gap = address >= end ? address - end : start > recordEnd ? start - recordEnd : 0;
            if (newEnd - newStart > BlockSize || gap > MaxGap)
            {
                break;
            }

            start = newStart;
            end = newEnd;
        }

        var length = (int)(end - start);
        if (length > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(length);
            _batch.Reset(_buffer);
        }

        _segments.ForAddress(start).ReadExactly(_buffer.AsSpan(0, length), LogAddress.Offset(start));
        _blockStart = start;
        _blockLength = length;
    }

    private void Take(int index)
    {
        var offset = (int)(_addresses[index] - _blockStart);
        var header = RecordHeader.Parse(_buffer.AsSpan(offset, RecordHeader.Size));
        if (header.Position != _positions[index] || header.IsSystem || offset + header.TotalLength > _blockLength)
        {
            throw new InvalidDataException(
                $"The log is corrupt: expected event {_positions[index]} at {LogAddress.Describe(_addresses[index])}, found a record for position {header.Position}.");
        }

        var bodyOffset = offset + RecordHeader.Size;
        if (_filter is null || _filter.Matches(_buffer.AsSpan(bodyOffset, header.BodyLength)))
        {
            _batch.Add(bodyOffset, header.BodyLength, header.Position);
        }

        _batch.Examined(_revisions[index]);
    }
}
