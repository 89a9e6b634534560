using System.Buffers;
using System.IO.Pipelines;

namespace CleanEventStore.Client;

/// <summary>
/// Reads the lines of an NDJSON body as they arrive, through a <see cref="PipeReader"/>: each complete line is copied
/// into an array of its own (which the event made from it keeps), the pipe's buffer is released at once, and a line
/// is never longer than <c>maxLineBytes</c>, so memory is bounded by one line plus the pipe's segments whatever the
/// size of the response.
/// </summary>
internal sealed class NdjsonLineReader(Stream body, int maxLineBytes) : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly PipeReader _reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: 4096));
    private ReadOnlySequence<byte> _buffer;
    private bool _holding;
    private bool _completed;

    /// <summary>The next non-empty line (without its line feed), or null at the end of the body.</summary>
    /// <exception cref="IOException">The body ended in the middle of a line, or the connection failed.</exception>
    /// <exception cref="InvalidDataException">A line is longer than the limit.</exception>
    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_holding)
            {
                if (TryTakeLine(out var line))
                {
                    if (line is { Length: > 0 })
                    {
                        return line;
                    }

                    continue;
                }

                if (_buffer.Length > maxLineBytes)
                {
                    throw new InvalidDataException($"An NDJSON line of the response is longer than {maxLineBytes} bytes (EventStoreClientOptions.MaxLineBytes).");
                }

                var partial = !IsBlank(_buffer);
                _reader.AdvanceTo(_buffer.Start, _buffer.End);
                _holding = false;
                if (_completed)
                {
                    return partial ? throw new IOException("The response ended in the middle of an NDJSON line.") : null;
                }
            }

            var result = await _reader.ReadAsync(cancellationToken);
            _buffer = result.Buffer;
            _holding = true;
            _completed = result.IsCompleted || result.IsCanceled;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_holding)
        {
            _reader.AdvanceTo(_buffer.End);
            _holding = false;
        }

        await _reader.CompleteAsync();
    }

    /// <summary>Takes the next line off the held buffer: true with its bytes (empty for a blank line), false when no complete line is held.</summary>
    private bool TryTakeLine(out byte[]? line)
    {
        var end = _buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            line = null;
            return false;
        }

        var slice = _buffer.Slice(0, end.Value);
        _buffer = _buffer.Slice(_buffer.GetPosition(1, end.Value));
        if (slice.Length > 0 && LastByte(slice) == (byte)'\r')
        {
            slice = slice.Slice(0, slice.Length - 1);
        }

        line = IsBlank(slice) ? [] : slice.ToArray();
        return true;
    }

    private static byte LastByte(in ReadOnlySequence<byte> sequence)
    {
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan[^1];
        }

        Span<byte> last = stackalloc byte[1];
        sequence.Slice(sequence.Length - 1).CopyTo(last);
        return last[0];
    }

    private static bool IsBlank(in ReadOnlySequence<byte> sequence)
    {
        foreach (var segment in sequence)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
