using System.Collections.Concurrent;
using System.Text;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>
/// A response body that a test scripts step by step: bytes (NDJSON lines), a failure (the connection drops), a gate
/// (the "server" has not written the rest yet), a stall (nothing more until the reader gives up) and the end. It counts
/// what the client has read, and says when its end was reached.
/// </summary>
public sealed class ScriptedBodyStream : Stream
{
    private readonly ConcurrentQueue<Func<CancellationToken, Task<byte[]?>>> _steps = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _current = [];
    private int _offset;
    private long _read;

    /// <summary>Bytes the client has read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _read);

    /// <summary>Completes when the client has read the whole script (the body ended).</summary>
    public Task Ended => _ended.Task;

    /// <summary>True once the client disposed the body (it released the response).</summary>
    public bool Disposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Each line with a line feed.</summary>
    public ScriptedBodyStream Lines(params string[] lines)
    {
        foreach (var line in lines)
        {
            Bytes(Encoding.UTF8.GetBytes(line + "\n"));
        }

        return this;
    }

    public ScriptedBodyStream Bytes(byte[] bytes)
    {
        _steps.Enqueue(_ => Task.FromResult<byte[]?>(bytes));
        return this;
    }

    /// <summary>The connection fails here (the client's read throws <paramref name="failure"/>, an <see cref="IOException"/> by default).</summary>
    public ScriptedBodyStream Drop(Exception? failure = null)
    {
        _steps.Enqueue(_ => Task.FromException<byte[]?>(failure ?? new IOException("The connection was reset (scripted).")));
        return this;
    }

    /// <summary>Nothing more is sent until <paramref name="gate"/> completes.</summary>
    public ScriptedBodyStream WaitFor(Task gate)
    {
        _steps.Enqueue(async token =>
        {
            await gate.WaitAsync(token);
            return [];
        });
        return this;
    }

    /// <summary>Nothing more is ever sent: the read waits until the client cancels it.</summary>
    public ScriptedBodyStream Stall()
    {
        _steps.Enqueue(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return [];
        });
        return this;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _current.Length)
        {
            if (!_steps.TryDequeue(out var step))
            {
                _ended.TrySetResult();
                return 0;
            }

            _current = await step(cancellationToken) ?? [];
            _offset = 0;
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        Interlocked.Add(ref _read, count);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
