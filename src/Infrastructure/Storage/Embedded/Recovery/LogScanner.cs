using System.Buffers;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>
/// Reads the records of the log from a resume address to the end, in chunks of a pooled buffer, verifying lengths and
/// CRCs. Stops at the end of the data (the rest of a segment may be zero-filled ahead of the writer), or at a torn
/// tail. A damaged record followed by an intact one is not a torn tail but corruption: it throws
/// <see cref="InvalidDataException"/>. Recovery only.
/// </summary>
internal sealed class LogScanner : IDisposable
{
    private const int ChunkSize = 4 * 1024 * 1024;

    private readonly SegmentSet _segments;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private Segment? _segment;
    private long _offset;
    private long _fileLength;
    private long _chunkStart;
    private int _chunkLength;

    public LogScanner(SegmentSet segments, long resume)
    {
        _segments = segments;
        _offset = LogAddress.Offset(resume);
        Enter(segments.TryGet(LogAddress.Segment(resume)));
    }

    /// <summary>The chunk buffer; <see cref="BodyOffset"/> indexes into it (it may be replaced by a bigger one).</summary>
    public byte[] Buffer => _buffer;

    public RecordHeader Header { get; private set; }

    /// <summary>The log address of the current record.</summary>
    public long Address { get; private set; }

    /// <summary>The log address right after the current record.</summary>
    public long NextAddress => LogAddress.Make(_segment!.Index, _offset);

    public int BodyOffset { get; private set; }

    public ReadOnlySpan<byte> Body => _buffer.AsSpan(BodyOffset, Header.BodyLength);

    public string? TornReason { get; private set; }

    public ScanStep Next()
    {
        while (_segment is not null)
        {
            if (_offset < _fileLength && TryReadRecord(_segment, out var step))
            {
                return step;
            }

            _offset = SegmentHeader.Size;
            Enter(_segments.TryGet(_segment.Index + 1));
        }

        return ScanStep.End;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>False when the data of <paramref name="segment"/> ends here (zeros follow); otherwise the step.</summary>
    private bool TryReadRecord(Segment segment, out ScanStep step)
    {
        var offset = _offset;
        if (offset + RecordHeader.Size > _fileLength)
        {
            step = Torn("a record header is incomplete");
            return true;
        }

        if (offset < _chunkStart || offset + RecordHeader.Size > _chunkStart + _chunkLength)
        {
            ReadChunk(segment, offset);
        }

        var header = RecordHeader.Parse(_buffer.AsSpan((int)(offset - _chunkStart), RecordHeader.Size));
        if (header == default)
        {
            // The data ends here; the rest of the file was zero-filled ahead of the writer. Anything non-zero after
            // it is the remains of a group that was being written when the process died.
            step = ScanStep.End;
            if (segment.LastNonZero(offset, _fileLength) >= 0)
            {
                step = Torn("the log has unfinished data after its end");
                return true;
            }

            segment.WrittenLength = offset;
            segment.CommittedLength = offset;
            return false;
        }

        step = ReadBody(segment, header, offset);
        return true;
    }

    private ScanStep ReadBody(Segment segment, RecordHeader header, long offset)
    {
        if (header.BodyLength <= 0 || header.BodyLength > RecordHeader.MaxBodyLength || offset + header.TotalLength > _fileLength)
        {
            return Torn("a record is incomplete");
        }

        if (offset + header.TotalLength > _chunkStart + _chunkLength)
        {
            if (header.TotalLength > _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(header.TotalLength);
            }

            ReadChunk(segment, offset);
        }

        var recordOffset = (int)(offset - _chunkStart);
        if (!RecordHeader.Verify(_buffer.AsSpan(recordOffset, header.TotalLength)))
        {
            if (IsFollowedByValidRecord(segment, offset + header.TotalLength, _fileLength))
            {
                throw new InvalidDataException(
                    $"The log is corrupt at {LogAddress.Describe(LogAddress.Make(segment.Index, offset))}: the record's checksum does not match, but intact records follow it. Refusing to open rather than drop them; restore the segment from a backup.");
            }

            return Torn("a record's checksum does not match");
        }

        Header = header;
        Address = LogAddress.Make(segment.Index, offset);
        BodyOffset = recordOffset + RecordHeader.Size;
        _offset = offset + header.TotalLength;
        return ScanStep.Record;
    }

    private void Enter(Segment? segment)
    {
        _segment = segment;
        _fileLength = segment?.WrittenLength ?? 0;
        _chunkStart = 0;
        _chunkLength = 0;
    }

    private void ReadChunk(Segment segment, long offset)
    {
        _chunkStart = offset;
        _chunkLength = (int)Math.Min(_buffer.Length, _fileLength - offset);
        segment.ReadExactly(_buffer.AsSpan(0, _chunkLength), _chunkStart);
    }

    private ScanStep Torn(string reason)
    {
        TornReason = reason;
        return ScanStep.Torn;
    }

    private static bool IsFollowedByValidRecord(Segment segment, long offset, long fileLength)
    {
        if (offset + RecordHeader.Size > fileLength)
        {
            return false;
        }

        Span<byte> headerBytes = stackalloc byte[RecordHeader.Size];
        segment.ReadExactly(headerBytes, offset);
        var header = RecordHeader.Parse(headerBytes);
        if (header.BodyLength <= 0 || header.BodyLength > RecordHeader.MaxBodyLength || offset + header.TotalLength > fileLength)
        {
            return false;
        }

        var record = new byte[header.TotalLength];
        segment.ReadExactly(record, offset);
        return RecordHeader.Verify(record);
    }
}
