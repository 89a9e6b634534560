using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Baseline;

/// <summary>
/// The simplest durable group commit: callers queue records; one thread takes every waiting record, writes them with
/// one positional write into a file zero-filled (and flushed) up front, calls fdatasync once, and completes them. The
/// file wraps around when full: the point is the cost of the round trip, not keeping the data.
/// </summary>
internal sealed partial class GroupCommitLog : IDisposable
{
    private const long Size = 128L * 1024 * 1024;
    private readonly SafeFileHandle _file;
    private readonly ConcurrentQueue<Append> _queue = new();
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _sleeping;
    private long _offset;

    public GroupCommitLog(string path)
    {
        _file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite);
        var zeros = new byte[1024 * 1024];
        for (long offset = 0; offset < Size; offset += zeros.Length)
        {
            RandomAccess.Write(_file, zeros, offset);
        }

        Flush();
        _thread = new Thread(Run) { IsBackground = true, Name = "baseline log writer" };
        _thread.Start();
    }

    /// <summary>Appends <paramref name="record"/> (which must stay untouched until the task completes); returns its offset.</summary>
    public Task<long> AppendAsync(ReadOnlyMemory<byte> record)
    {
        var append = new Append(record, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(append);
        if (Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Set();
        }

        return append.Completion.Task;
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
        _file.Dispose();
    }

    private void Run()
    {
        var group = new List<Append>();
        var buffer = new byte[64 * 1024];
        while (!_stopping)
        {
            while (_queue.TryDequeue(out var append))
            {
                group.Add(append);
            }

            if (group.Count == 0)
            {
                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 1);
                if (_queue.IsEmpty && !_stopping)
                {
                    _wake.Wait();
                }

                Interlocked.Exchange(ref _sleeping, 0);
                continue;
            }

            var length = 0;
            foreach (var append in group)
            {
                if (buffer.Length - length < append.Record.Length)
                {
                    Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + append.Record.Length));
                }

                append.Record.Span.CopyTo(buffer.AsSpan(length));
                length += append.Record.Length;
            }

            if (_offset + length > Size)
            {
                _offset = 0;
            }

            try
            {
                RandomAccess.Write(_file, buffer.AsSpan(0, length), _offset);
                Flush();
                var position = _offset;
                foreach (var append in group)
                {
                    append.Completion.SetResult(position);
                    position += append.Record.Length;
                }
            }
            catch (IOException exception)
            {
                foreach (var append in group)
                {
                    append.Completion.SetException(exception);
                }
            }

            _offset += length;
            group.Clear();
        }
    }

    private void Flush()
    {
        var added = false;
        _file.DangerousAddRef(ref added);
        try
        {
            if (Fdatasync((int)_file.DangerousGetHandle()) != 0)
            {
                throw new IOException("fdatasync failed.", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            if (added)
            {
                _file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);

    private readonly record struct Append(ReadOnlyMemory<byte> Record, TaskCompletionSource<long> Completion);
}
