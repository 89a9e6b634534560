using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// The data of one archive entry: the first <see cref="Length"/> bytes of a file (read with positional reads, no
/// shared position) or a byte array, hashed with SHA-256 as the tar writer reads it once from start to end. Seekable
/// only in the sense the tar writer needs (it asks for the length); reading it a second time is refused.
/// </summary>
internal sealed class HashingSourceStream : Stream
{
    private readonly SafeFileHandle? _handle;
    private readonly byte[]? _bytes;
    private readonly long _length;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public HashingSourceStream(SafeFileHandle handle, long length)
    {
        _handle = handle;
        _length = length;
    }

    public HashingSourceStream(byte[] bytes)
    {
        _bytes = bytes;
        _length = bytes.Length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>The SHA-256 of the bytes read, as lower-case hex; only once every byte was read.</summary>
    public string Sha256()
    {
        if (_position != _length)
        {
            throw new InvalidOperationException($"Only {_position} of {_length} bytes were read.");
        }

        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var take = (int)Math.Min(buffer.Length, _length - _position);
        if (take <= 0)
        {
            return 0;
        }

        var read = _bytes is not null ? Copy(buffer[..take]) : RandomAccess.Read(_handle!, buffer[..take], _position);
        return Advance(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var take = (int)Math.Min(buffer.Length, _length - _position);
        if (take <= 0)
        {
            return 0;
        }

        var read = _bytes is not null ? Copy(buffer.Span[..take]) : await RandomAccess.ReadAsync(_handle!, buffer[..take], _position, cancellationToken);
        return Advance(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        if (target != _position)
        {
            throw new NotSupportedException("An archive entry's data is read once, from start to end.");
        }

        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Copy(Span<byte> destination)
    {
        _bytes.AsSpan((int)_position, destination.Length).CopyTo(destination);
        return destination.Length;
    }

    private int Advance(ReadOnlySpan<byte> read)
    {
        if (read.Length == 0)
        {
            throw new IOException("A file of the backup ended before the length captured for it: was it truncated while the backup ran?");
        }

        _hash.AppendData(read);
        _position += read.Length;
        return read.Length;
    }
}
