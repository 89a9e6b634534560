// Failure and cancellation policy of the writer
// - One dedicated thread owns the tail of the log. Operations arrive through a bounded queue (producers wait when it
//   is full); the writer drains whatever is waiting (within an operation and byte budget) into one group. A producer
//   wakes a sleeping writer directly, without a thread-pool hop, which matters for one-client latency.
// - Every check (CommitChecks: idempotency key, namespace rules, closed stream, DCB condition or expected version) runs
//   against the committed state plus the earlier operations of the same group, so checks are race-free by construction.
// - A group is written with one write per segment it touches and, with Durability=Fsync, flushed with one
//   fdatasync per segment (data and, when the write extends the file, its size; not its timestamps). Only then
//   is it applied to memory, made visible (head published last) and acknowledged.
// - The pieces: this class owns the thread and the group loop over a WriteQueue; GroupStager places the commits of a group
//   (CommitChecks decides which may be staged); GroupFlusher writes and fsyncs it; IndexCheckpoint schedules the
//   index checkpoints (written vs flushed); SegmentPreparer zero-fills the tail segment while the writer is idle.
// - After an I/O error while writing or flushing, the writer faults: that group and every later operation fail
//   with StorageUnavailableException (503). It never repairs in place; the next open recovers the torn tail.
// - An unexpected exception while preparing a group (before any byte is written) fails that group's operations
//   and the writer carries on: nothing was written.
// - Cancellation is honoured only before an operation is queued. Once queued, it completes atomically.
// (This file is a little over 300 lines because this policy stays with the loop it governs.)
using System.Diagnostics;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

internal sealed partial class LogWriter : IAsyncDisposable
{
    private const int MaxGroupOperations = 4096;
    private const int MaxGroupBytes = 32 * 1024 * 1024;

    private readonly EngineState _state;
    private readonly IdempotencyTable _idempotency;
    private readonly ILogger _logger;
    private readonly long _segmentSize;
    private readonly WriteQueue _queue = new();
    private readonly ManualResetEventSlim _released = new(true, spinCount: 0);
    private readonly ManualResetEventSlim _holding = new(false, spinCount: 0);

    private readonly GroupStager _stager;
    private readonly GroupFlusher _flusher;
    private readonly EventStoreTelemetry? _telemetry;
    private readonly IndexCheckpoint _checkpoint;
    private readonly SegmentPreparer _preparer;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _fault;

    public LogWriter(
        EngineState state,
        IndexStore indexes,
        IdempotencyTable idempotency,
        IEventFilterFactory filters,
        HashSet<StreamState> dirty,
        long persistedHead,
        long segmentSize,
        bool fsync,
        string logDirectory,
        string indexDirectory,
        TimeProvider timeProvider,
        ILogger logger,
        EventStoreTelemetry? telemetry = null)
    {
        _state = state;
        _telemetry = telemetry;
        _idempotency = idempotency;
        _logger = logger;
        _segmentSize = segmentSize;
        var writerDirty = new HashSet<StreamState>(dirty);
        _stager = new GroupStager(state, writerDirty, idempotency, filters, _segmentSize, timeProvider);
        _flusher = new GroupFlusher(state, logDirectory, fsync, timeProvider, logger);
        _checkpoint = new IndexCheckpoint(state, indexes, idempotency, writerDirty, persistedHead, indexDirectory, timeProvider, logger);
        _preparer = new SegmentPreparer(_segmentSize, logger);
        _thread = new Thread(Run) { IsBackground = true, Name = "CleanEventStore log writer" };
        _thread.Start();
    }

    /// <summary>The error that faulted the writer, or null.</summary>
    public Exception? Fault => _fault;

    /// <summary>Largest commit (in log bytes) that fits in one segment.</summary>
    public long MaxCommitBytes => _segmentSize - SegmentHeader.Size;

    public ValueTask EnqueueAsync(WriteOperation operation, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        return _queue.EnqueueAsync(operation, cancellationToken);
    }

    /// <summary>
    /// For tests of what happens inside one group: parks the writer before it takes its next group and returns once it
    /// is parked; operations queued until the returned handle is disposed are then drained into one group.
    /// </summary>
    internal IDisposable HoldNextGroup()
    {
        _holding.Reset();
        _released.Reset();
        _queue.Wake();
        if (!_holding.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("The writer did not park within 30 s.");
        }

        return new GroupRelease(_released);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Close();
        _queue.Wake();
        await _stopped.Task;
        _stager.Dispose();
        _queue.Dispose();
        _released.Dispose();
        _holding.Dispose();
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
                    if (_queue.IsClosed)
                    {
                        break;
                    }

                    Sleep();
                    continue;
                }

                TakeGroup(first, operations);
                try
                {
                    ProcessGroup(operations);
                }
                finally
                {
                    _queue.Release(operations.Count);
                    operations.Clear();
                }
            }

            if (_fault is null)
            {
                _checkpoint.Flush();
            }
        }
        catch (Exception exception)
        {
            LogWriterCrashed(_logger, exception);
            _fault ??= exception;
            _queue.Close();

            FailPending(exception);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Drains what is waiting after <paramref name="first"/> into one group, within the operation and byte budget.</summary>
    private void TakeGroup(WriteOperation first, List<WriteOperation> operations)
    {
        operations.Add(first);
        var bytes = first is CommitOperation c ? c.EstimatedSize : 256;
        while (operations.Count < MaxGroupOperations && bytes < MaxGroupBytes && _queue.TryDequeue(out var next))
        {
            operations.Add(next);
            bytes += next is CommitOperation nc ? nc.EstimatedSize : 256;
        }
    }

    /// <summary>After a crash of the loop: fails every operation still queued.</summary>
    private void FailPending(Exception exception)
    {
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

    /// <summary>
    /// Waits for work: announces that the writer sleeps, re-checks the queue (an operation may have arrived in
    /// between), then blocks until a producer wakes it, checkpointing the indexes while idle.
    /// </summary>
    private void Sleep()
    {
        if (_fault is null && _preparer.PrepareAhead(_state.Segments.Last))
        {
            return;
        }

        if (!_queue.BeginSleep())
        {
            return;
        }

        if (!_released.IsSet)
        {
            _queue.CancelSleep();
            return;
        }

        // Block without spinning: on two cores a spinning writer only steals time from the threads that feed it.
        while (!_queue.Wait(IndexCheckpoint.IdleDelay))
        {
            CheckpointIfDue(idle: true);
        }
    }

    private void ProcessGroup(List<WriteOperation> operations)
    {
        if (_fault is { } fault)
        {
            WriteOperation.FailAll(operations, () => new StorageUnavailableException("The event store refuses writes after an I/O error: " + fault.Message, fault));
            return;
        }

        _stager.Begin();
        try
        {
            foreach (var operation in operations)
            {
                _stager.Stage(operation);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogGroupRejected(_logger, exception);
            WriteOperation.FailAll(operations, () => exception);
            return;
        }

        var buffer = _stager.Buffer;
        if (buffer.Length > 0)
        {
            var started = Stopwatch.GetTimestamp();
            using var activity = _telemetry?.ActivitySource.StartActivity("ces.writer.flush");
            try
            {
                _stager.Complete();
                _flusher.Flush(buffer, _stager.Parts);
                _telemetry?.GroupFlushed(postgres: false, operations.Count, started);
                activity?.SetTag("ces.writer.group.size", operations.Count);
                activity?.SetTag("ces.writer.group.bytes", buffer.Length);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _fault = exception;
                LogWriteFailed(_logger, exception);
                WriteOperation.FailAll(operations, () => new StorageUnavailableException("Writing to the log failed: " + exception.Message, exception));
                return;
            }
        }

        var group = _stager.Group;
        var touched = group.Apply(_idempotency);
        _checkpoint.Written(group.Events.Count, buffer.Length);
        if (touched.Count > 0)
        {
            _state.Notifier.Publish(touched);
        }

        WriteOperation.CompleteAll(operations, writerIdle: _queue.IsEmpty);
        CheckpointIfDue(idle: false);
    }

    private void CheckpointIfDue(bool idle)
    {
        if (_fault is not null || !_checkpoint.IsDue(idle))
        {
            return;
        }

        try
        {
            _checkpoint.Flush();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _fault = exception;
            LogWriteFailed(_logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Writing to the log failed; the store refuses writes until it is reopened")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A group of writes was rejected before anything was written")]
    private static partial void LogGroupRejected(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The log writer stopped unexpectedly")]
    private static partial void LogWriterCrashed(ILogger logger, Exception exception);
}
