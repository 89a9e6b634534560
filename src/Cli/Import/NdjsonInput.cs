namespace CleanEventStore.Cli.Import;

/// <summary>Reads an NDJSON stream line by line, each line its own array (no line feed, a trailing CR dropped); blank lines are skipped.</summary>
internal sealed class NdjsonInput(Stream stream, int maxLineBytes = 64 * 1024 * 1024)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The 1-based number of the last line returned (blank lines count).</summary>
    public long LineNumber { get; private set; }

    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        List<byte[]>? parts = null;
        var partsLength = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || (_eof && (_end > _start || parts is not null)))
            {
                var stop = newline >= 0 ? newline : _end;
                var line = Concat(parts, partsLength, _buffer.AsSpan(_start, stop - _start));
                _start = newline >= 0 ? newline + 1 : _end;
                LineNumber++;
                parts = null;
                partsLength = 0;
                if (line.Length == 0 || (line.Length == 1 && line[0] == '\r'))
                {
                    continue;
                }

                return line[^1] == '\r' ? line[..^1] : line;
            }

            if (_eof)
            {
                return null;
            }

            if (_end - _start > 0 && _end == _buffer.Length)
            {
                // A long line: keep what we have and read on.
                parts ??= [];
                parts.Add(_buffer[_start.._end]);
                partsLength += _end - _start;
                if (partsLength > maxLineBytes)
                {
                    throw new InvalidDataException($"line {LineNumber + 1} is longer than {maxLineBytes} bytes.");
                }

                _start = _end = 0;
            }
            else if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    private static byte[] Concat(List<byte[]>? parts, int partsLength, ReadOnlySpan<byte> last)
    {
        if (parts is null)
        {
            return last.ToArray();
        }

        var line = new byte[partsLength + last.Length];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(line, offset);
            offset += part.Length;
        }

        last.CopyTo(line.AsSpan(offset));
        return line;
    }
}
