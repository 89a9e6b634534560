// Failure and cancellation policy of the writer
// - One dedicated thread owns the tail of the log. Operations arrive through a bounded queue (producers wait when it
//   is full); the writer drains whatever is waiting (within an operation and byte budget) into one group. A producer
//   wakes a sleeping writer directly, without a thread-pool hop, which matters for one-client latency.
// - Every check (CommitChecks: idempotency key, namespace rules, closed stream, DCB condition or expected version) runs
//   against the committed state plus the earlier operations of the same group, so checks are race-free by construction.
// - A group is written with one write per segment it touches and, with Durability=Fsync, flushed with one
//   fdatasync per segment (data and, when the write extends the file, its size; not its timestamps). Only then
//   is it applied to memory, made visible (head published last) and acknowledged.
// - After an I/O error while writing or flushing, the writer faults: that group and every later operation fail
//   with StorageUnavailableException (503). It never repairs in place; the next open recovers the torn tail.
// - An unexpected exception while preparing a group (before any byte is written) fails that group's operations
//   and the writer carries on: nothing was written.
// - Cancellation is honoured only before an operation is queued. Once queued, it completes atomically.
using System.Collections.Concurrent;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Native;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

internal sealed partial class LogWriter : IAsyncDisposable
{
    private const int MaxGroupOperations = 4096;
    private const int MaxGroupBytes = 32 * 1024 * 1024;
    private const long CheckpointEvents = 250_000;
    private const long CheckpointBytes = 128L * 1024 * 1024;
    private const long PrepareAheadBytes = 4 * 1024 * 1024;
    private const int PrepareChunkBytes = 256 * 1024;
    private static readonly TimeSpan IdleCheckpointDelay = TimeSpan.FromSeconds(1);
    private static readonly byte[] Zeros = new byte[PrepareChunkBytes];

    private readonly EngineState _state;
    private readonly IndexStore _indexes;
    private readonly IdempotencyTable _idempotency;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _logDirectory;
    private readonly string _indexDirectory;
    private readonly long _segmentSize;
    private readonly bool _fsync;
    private const int QueueCapacity = 16 * 1024;
    private readonly ConcurrentQueue<WriteOperation> _queue = new();
    private readonly SemaphoreSlim _slots = new(QueueCapacity, QueueCapacity);
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly ManualResetEventSlim _released = new(true, spinCount: 0);
    private readonly ManualResetEventSlim _holding = new(false, spinCount: 0);

    private readonly GroupBuffer _buffer = new();
    private readonly GroupState _group;
    private readonly HashSet<StreamState> _dirty = [];
    private readonly List<GroupPart> _parts = [];
    private readonly CommitChecks _checks;
    private readonly RecordLoader _loader;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _fault;
    private volatile bool _closing;
    private volatile bool _closed;
    private bool _prepare = true;
    private int _sleeping;
    private int _enqueuing;
    private long _persistedHead;
    private long _eventsSinceCheckpoint;
    private long _bytesSinceCheckpoint;
    private long _lastCheckpointTimestamp;
    private long _resumeAddress;

    public LogWriter(
        EngineState state,
        IndexStore indexes,
        IdempotencyTable idempotency,
        IEventFilterFactory filters,
        HashSet<StreamState> dirty,
        long persistedHead,
        EventStoreOptions options,
        string logDirectory,
        string indexDirectory,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _state = state;
        _indexes = indexes;
        _idempotency = idempotency;
        _timeProvider = timeProvider;
        _logger = logger;
        _logDirectory = logDirectory;
        _indexDirectory = indexDirectory;
        _segmentSize = options.SegmentSizeBytes;
        _fsync = options.Durability == DurabilityMode.Fsync;
        _persistedHead = persistedHead;
        _dirty.UnionWith(dirty);
        _group = new GroupState(state, _dirty, () => _buffer.Array);
        _loader = new RecordLoader(state);
        _checks = new CommitChecks(state, _group, _buffer, idempotency, _loader, filters);
        _lastCheckpointTimestamp = timeProvider.GetTimestamp();
        var last = state.Segments.Last;
        _resumeAddress = LogAddress.Make(last.Index, last.WrittenLength);
        _thread = new Thread(Run) { IsBackground = true, Name = "CleanEventStore log writer" };
        _thread.Start();
    }

    /// <summary>The error that faulted the writer, or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Largest commit (in log bytes) that fits in one segment.</summary>
    public long MaxCommitBytes => _segmentSize - SegmentHeader.Size;

    public async ValueTask EnqueueAsync(WriteOperation operation, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        if (!_slots.Wait(0, CancellationToken.None))
        {
            await _slots.WaitAsync(cancellationToken);
        }

        // Announce the enqueue before checking for shutdown (both full fences): once DisposeAsync has seen no
        // enqueue in progress after setting _closing, no operation can slip into the queue behind the writer's back.
        Interlocked.Increment(ref _enqueuing);
        try
        {
            if (_closing)
            {
                _slots.Release();
                throw new StorageUnavailableException("The event store is shutting down.");
            }

            _queue.Enqueue(operation);
        }
        finally
        {
            Interlocked.Decrement(ref _enqueuing);
        }

        if (Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Set();
        }
    }

    /// <summary>
    /// For tests of what happens inside one group: parks the writer before it takes its next group and returns once it
    /// is parked; operations queued until the returned handle is disposed are then drained into one group.
    /// </summary>
    internal IDisposable HoldNextGroup()
    {
        _holding.Reset();
        _released.Reset();
        _wake.Set();
        if (!_holding.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("The writer did not park within 30 s.");
        }

        return new GroupRelease(_released);
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        _wake.Set();
        await _stopped.Task;
        _buffer.Dispose();
        _loader.Dispose();
        _wake.Dispose();
        _released.Dispose();
        _holding.Dispose();
        _slots.Dispose();
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
        {
            throw new StorageUnavailableException("The event store refuses writes after an I/O error: " + fault.Message, fault);
        }
    }

    private void Run()
    {
        var operations = new List<WriteOperation>(256);
        try
        {
            while (true)
            {
                if (!_released.IsSet)
                {
                    _holding.Set();
                    _released.Wait();
                }

                if (!_queue.TryDequeue(out var first))
                {
                    if (_closed)
                    {
                        break;
                    }

                    Sleep();
                    continue;
                }

                operations.Add(first);
                var bytes = first is CommitOperation c ? c.EstimatedSize : 256;
                while (operations.Count < MaxGroupOperations && bytes < MaxGroupBytes && _queue.TryDequeue(out var next))
                {
                    operations.Add(next);
                    bytes += next is CommitOperation nc ? nc.EstimatedSize : 256;
                }

                try
                {
                    ProcessGroup(operations);
                }
                finally
                {
                    _slots.Release(operations.Count);
                    operations.Clear();
                }
            }

            if (_fault is null)
            {
                Checkpoint();
            }
        }
        catch (Exception exception)
        {
            LogWriterCrashed(_logger, exception);
            _fault ??= exception;
            Close();

            var pending = new List<WriteOperation>();
            while (_queue.TryDequeue(out var operation))
            {
                pending.Add(operation);
            }

            if (pending.Count > 0)
            {
                WriteOperation.FailAll(pending, () => new StorageUnavailableException("The event store writer stopped.", exception));
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Waits for work: announces that the writer sleeps, re-checks the queue (an operation may have arrived in
    /// between), then blocks until a producer wakes it, checkpointing the indexes while idle.
    /// </summary>
    private void Sleep()
    {
        if (PrepareAhead())
        {
            return;
        }

        _wake.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        if (!_queue.IsEmpty || _closed || !_released.IsSet)
        {
            Interlocked.Exchange(ref _sleeping, 0);
            return;
        }

        // Block without spinning: on two cores a spinning writer only steals time from the threads that feed it.
        while (!_wake.Wait(IdleCheckpointDelay))
        {
            CheckpointIfDue(idle: true);
        }
    }

    /// <summary>Refuses new operations and waits until no enqueue is in flight.</summary>
    private void Close()
    {
        _closing = true;
        Interlocked.MemoryBarrier();
        var spin = default(SpinWait);
        while (Volatile.Read(ref _enqueuing) != 0)
        {
            spin.SpinOnce();
        }

        _closed = true;
    }

    /// <summary>
    /// While idle, zero-fills the tail segment ahead of the data, one chunk at a time (the caller re-checks the queue
    /// between chunks): appends then overwrite allocated blocks, and their fsync costs about a third less. Returns true
    /// when it did some work. A failure (disk full) only stops the preparation; writes carry on appending.
    /// </summary>
    private bool PrepareAhead()
    {
        var tail = _state.Segments.Last;
        if (!_prepare || _fault is not null
            || tail.PreparedLength - tail.WrittenLength >= PrepareAheadBytes
            || tail.PreparedLength >= _segmentSize)
        {
            return false;
        }

        var length = (int)Math.Min(PrepareChunkBytes, _segmentSize - tail.PreparedLength);
        try
        {
            RandomAccess.Write(tail.Handle, Zeros.AsSpan(0, length), tail.PreparedLength);
            PosixFileSystem.FlushData(tail.Handle);
            tail.PreparedLength += length;
            return true;
        }
        catch (IOException exception)
        {
            _prepare = false;
            LogPrepareFailed(_logger, exception);
            return false;
        }
    }

    private void ProcessGroup(List<WriteOperation> operations)
    {
        if (_fault is { } fault)
        {
            WriteOperation.FailAll(operations, () => new StorageUnavailableException("The event store refuses writes after an I/O error: " + fault.Message, fault));
            return;
        }

        _group.Reset();
        _buffer.Reset();
        _checks.Reset();
        _parts.Clear();
        var tail = _state.Segments.Last;
        _parts.Add(new GroupPart(tail.Index, isNewSegment: false, 0, tail.WrittenLength));
        try
        {
            foreach (var operation in operations)
            {
                if (operation is CommitOperation commit)
                {
                    StageCommit(commit);
                }
                else
                {
                    StageStreamChange((StreamOperation)operation);
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogGroupRejected(_logger, exception);
            WriteOperation.FailAll(operations, () => exception);
            return;
        }

        if (_buffer.Length > 0)
        {
            try
            {
                WriteAndFlush();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _fault = exception;
                LogWriteFailed(_logger, exception);
                WriteOperation.FailAll(operations, () => new StorageUnavailableException("Writing to the log failed: " + exception.Message, exception));
                return;
            }
        }

        var touched = _group.Apply(_idempotency);
        var last = _state.Segments.Last;
        _resumeAddress = LogAddress.Make(last.Index, last.WrittenLength);
        _eventsSinceCheckpoint += _group.Events.Count;
        _bytesSinceCheckpoint += _buffer.Length;
        if (touched.Count > 0)
        {
            _state.Notifier.Publish(touched);
        }

        WriteOperation.CompleteAll(operations, writerIdle: _queue.IsEmpty);
        CheckpointIfDue(idle: false);
    }

    private void StageCommit(CommitOperation operation)
    {
        var request = operation.Request;
        var name = request.Stream.Value;
        var stream = _group.Find(name);
        if (_checks.Check(operation, stream) is { } refused)
        {
            operation.Outcome = refused;
            return;
        }

        var version = GroupState.VersionOf(stream);
        EnsureRoom(operation.EstimatedSize);
        var committedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var commitId = _group.NextPosition - 1;
        if (request.Idempotency is { } key)
        {
            var entry = new IdempotencyEntry(key.Key, key.RequestHash, name, commitId, committedAt, version);
            EventRecordWriter.WriteSystem(_buffer, SystemRecord.ForKey(entry), commitEnd: false);
            _group.Keys.Add(entry);
            _checks.Remember(entry);
        }

        var events = request.Events;
        var metadata = request.Metadata.Span;
        for (var i = 0; i < events.Count; i++)
        {
            var recordStart = _buffer.Length;
            var (bodyOffset, bodyLength) = EventRecordWriter.Write(
                _buffer, name, events[i].Span, metadata, _group.NextPosition, commitId, committedAt, i, events.Count, version + i, commitEnd: i == events.Count - 1);
            _group.AddEvent(request.Stream, stream, operation.DerivedNames[i], AddressOf(recordStart), bodyOffset, bodyLength);
            stream ??= _group.Find(name);
        }

        operation.Outcome = CommitOutcome.Committed(commitId, committedAt, version);
    }

    private void StageStreamChange(StreamOperation operation)
    {
        var existing = _group.Find(operation.Stream.Value);
        if (!operation.IsCreate)
        {
            if (existing is null)
            {
                operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.NotFound);
                return;
            }

            if (existing.Kind != StreamKind.Write)
            {
                operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.NotWriteStream, GroupState.VersionOf(existing), existing.Kind);
                return;
            }

            if (_group.IsClosed(existing))
            {
                operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.AlreadyClosed, GroupState.VersionOf(existing));
                return;
            }

            EnsureRoom(1024);
            EventRecordWriter.WriteSystem(_buffer, SystemRecord.Close(operation.Stream.Value), commitEnd: true);
            _group.Close(existing);
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.Done, GroupState.VersionOf(existing));
            return;
        }

        if (existing is not null)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.AlreadyExists, GroupState.VersionOf(existing));
            return;
        }

        var record = SystemRecord.Create(operation.Stream.Value, operation.Matcher!.Json);
        EnsureRoom(record.Length + RecordHeader.Size);
        EventRecordWriter.WriteSystem(_buffer, record, commitEnd: true);
        var stream = _group.Create(operation.Stream, StreamKind.Derived, 0, operation.Matcher, operation.Filter);
        _group.Backfill(stream, _loader);
        operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.Done, stream.Positions.Count);
    }

    /// <summary>Starts a new segment for what follows when <paramref name="size"/> more bytes do not fit in the current one.</summary>
    private void EnsureRoom(int size)
    {
        var part = _parts[^1];
        var used = part.FileOffset + (_buffer.Length - part.Start);
        if (used + size <= _segmentSize)
        {
            return;
        }

        part.End = _buffer.Length;
        _parts.Add(new GroupPart(part.SegmentIndex + 1, isNewSegment: true, _buffer.Length, SegmentHeader.Size));
    }

    private long AddressOf(int bufferOffset)
    {
        var part = _parts[^1];
        return LogAddress.Make(part.SegmentIndex, part.FileOffset + (bufferOffset - part.Start));
    }

    private void WriteAndFlush()
    {
        _parts[^1].End = _buffer.Length;
        var written = new List<Segment>(_parts.Count);
        foreach (var part in _parts)
        {
            if (part.End == part.Start)
            {
                continue;
            }

            Segment segment;
            if (part.IsNewSegment)
            {
                segment = Segment.Create(_logDirectory, part.SegmentIndex, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), preallocate: 0);
                _state.Segments = _state.Segments.With(segment);
                LogSegmentCreated(_logger, segment.Path);
            }
            else
            {
                segment = _state.Segments.TryGet(part.SegmentIndex)!;
            }

            RandomAccess.Write(segment.Handle, _buffer.Array.AsSpan(part.Start, part.End - part.Start), part.FileOffset);
            segment.WrittenLength = part.FileOffset + (part.End - part.Start);
            segment.PreparedLength = Math.Max(segment.PreparedLength, segment.WrittenLength);
            written.Add(segment);
        }

        if (_fsync)
        {
            foreach (var segment in written)
            {
                PosixFileSystem.FlushData(segment.Handle);
            }
        }

        foreach (var segment in written)
        {
            segment.CommittedLength = segment.WrittenLength;
        }
    }

    private void CheckpointIfDue(bool idle)
    {
        if (_fault is not null)
        {
            return;
        }

        var changed = _state.Head != _persistedHead || _dirty.Count > 0 || _idempotency.Dirty;
        if (!changed)
        {
            return;
        }

        var due = _eventsSinceCheckpoint >= CheckpointEvents
            || _bytesSinceCheckpoint >= CheckpointBytes
            || (idle && _timeProvider.GetElapsedTime(_lastCheckpointTimestamp) >= IdleCheckpointDelay);
        if (due)
        {
            try
            {
                Checkpoint();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _fault = exception;
                LogWriteFailed(_logger, exception);
            }
        }
    }

    /// <summary>Persists the indexes up to the head (writer thread, between groups).</summary>
    private void Checkpoint()
    {
        var head = _state.Head;
        var checkpoint = _indexes.WriteCheckpoint(
            _persistedHead, head, _resumeAddress, _state.Positions, _state.Catalog, _dirty, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        if (_idempotency.Dirty)
        {
            _idempotency.Save(_indexDirectory);
        }

        LogCheckpoint(_logger, checkpoint.Head, _dirty.Count);
        _dirty.Clear();
        _persistedHead = head;
        _eventsSinceCheckpoint = 0;
        _bytesSinceCheckpoint = 0;
        _lastCheckpointTimestamp = _timeProvider.GetTimestamp();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created log segment {Path}")]
    private static partial void LogSegmentCreated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Index checkpoint at position {Head} ({Streams} streams changed)")]
    private static partial void LogCheckpoint(ILogger logger, long head, int streams);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Writing to the log failed; the store refuses writes until it is reopened")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zero-filling the log ahead of the writer failed; appends continue without it")]
    private static partial void LogPrepareFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A group of writes was rejected before anything was written")]
    private static partial void LogGroupRejected(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The log writer stopped unexpectedly")]
    private static partial void LogWriterCrashed(ILogger logger, Exception exception);
}
