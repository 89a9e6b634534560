using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Infrastructure.Consumers.Runtime;

/// <summary>
/// One consumer: a loop on the thread pool that reads its stream in batches from its position, folds each event
/// into the state with the sandboxed handler, persists (position, state) after every batch and then publishes
/// the new snapshot (so what GET shows is durable). When caught up it awaits the store's change notification
/// (woken by the writer once per durable group), never polling the disk. A handler failure ends the loop with
/// the consumer faulted; the fault is persisted with the last good pair. When the store refuses a write (a shared
/// store: another node took the consumer over, or it was replaced or deleted) the loop ends without publishing
/// anything and tells the manager, which looks at the store again.
/// Start, stop, removal and <see cref="Observe"/> are called by <see cref="ConsumerManager"/> one at a time.
/// </summary>
internal sealed class ConsumerRuntime : IAsyncDisposable
{
    private readonly IEventStore _store;
    private readonly IConsumerStore _persistence;
    private readonly SemaphoreSlim _concurrency;
    private readonly ILogger _logger;
    private readonly int _batchSize;
    private readonly Action? _superseded;
    private ConsumerSnapshot _snapshot;
    private TaskCompletionSource _changed = NewSource();
    private long _sequence;
    private CancellationTokenSource? _stopping;
    private Task _loop = Task.CompletedTask;
    private JavaScriptHandler? _handler;
    private int _removed;
    private readonly EventStoreTelemetry? _telemetry;

    public ConsumerRuntime(
        PersistedDefinition persisted,
        ConsumerCheckpoint checkpoint,
        IEventStore store,
        IConsumerStore persistence,
        SemaphoreSlim concurrency,
        ILogger logger,
        int batchSize,
        Action? superseded = null,
        EventStoreTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        Persisted = persisted;
        _store = store;
        _persistence = persistence;
        _superseded = superseded;
        _concurrency = concurrency;
        _logger = logger;
        _batchSize = batchSize;
        _sequence = checkpoint.Sequence;
        var definition = persisted.Definition;
        _snapshot = new ConsumerSnapshot(
            definition.Id,
            definition.Stream,
            checkpoint.Position,
            checkpoint.State,
            checkpoint.IsFaulted ? ConsumerStatus.Faulted : ConsumerStatus.Stopped,
            checkpoint.Error,
            checkpoint.FailedRevision);
    }

    public PersistedDefinition Persisted { get; }

    public ConsumerDefinition Definition => Persisted.Definition;

    public ConsumerSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public bool IsRemoved => Volatile.Read(ref _removed) != 0;

    /// <summary>True while the loop runs on this node (false once it stopped, faulted or was superseded).</summary>
    public bool IsRunning => _stopping is not null && !_loop.IsCompleted;

    /// <summary>Completes at the next published change (progress, fault, start, removal). Take it before checking.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>
    /// Runs the consumer from its current snapshot with <paramref name="handler"/> (owned from now on). A faulted
    /// consumer forgets its fault (persist the cleared pair first with <see cref="ClearFaultAsync"/>).
    /// </summary>
    public void Start(JavaScriptHandler handler)
    {
        if (_stopping is not null)
        {
            handler.Dispose();
            throw new InvalidOperationException($"Consumer {Definition.Id} is already running.");
        }

        var current = Snapshot;
        _handler = handler;
        Publish(current with { Status = ConsumerStatus.Running, Error = null, FailedRevision = null });
        ConsumerLog.Started(_logger, Definition.Id.Value, Definition.Stream.Value, current.Position);
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
    }

    /// <summary>
    /// Compiles the definition's handler again and runs the consumer with it (its checkpoint is already on disk); a
    /// handler that no longer compiles faults the consumer instead.
    /// </summary>
    public void StartOrFault(JavaScriptSandbox sandbox)
    {
        if (sandbox.TryCompile(Definition.Handler, out var handler, out var error))
        {
            Start(handler);
        }
        else
        {
            Fault("handler must be a valid JavaScript function: " + error);
        }
    }

    /// <summary>
    /// Persists the current pair without its fault (the next sequence) and publishes it as running; false when the
    /// store refused the write (the consumer changed elsewhere). Call it while the loop is stopped.
    /// </summary>
    public async ValueTask<bool> ClearFaultAsync(CancellationToken cancellationToken)
    {
        var current = Snapshot;
        var checkpoint = new ConsumerCheckpoint(_sequence + 1, Persisted.Generation, current.Position, current.State, null, null);
        if (!await _persistence.SaveProgressAsync(Definition.Id, checkpoint, cancellationToken))
        {
            return false;
        }

        _sequence = checkpoint.Sequence;
        Publish(current with { Status = ConsumerStatus.Running, Error = null, FailedRevision = null });
        return true;
    }

    /// <summary>
    /// Shows a checkpoint that another node wrote (or that this node is about to resume from): the consumer is
    /// running somewhere unless it is faulted. Waiters are woken only when something changed. Call it while the loop
    /// is stopped.
    /// </summary>
    public void Observe(ConsumerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _sequence = checkpoint.Sequence;
        var observed = new ConsumerSnapshot(
            Definition.Id,
            Definition.Stream,
            checkpoint.Position,
            checkpoint.State,
            checkpoint.IsFaulted ? ConsumerStatus.Faulted : ConsumerStatus.Running,
            checkpoint.Error,
            checkpoint.FailedRevision);
        if (observed != Snapshot)
        {
            Publish(observed);
        }
    }

    /// <summary>Marks the consumer faulted without running it (for example when its handler no longer compiles).</summary>
    public void Fault(string error) => Publish(Snapshot with { Status = ConsumerStatus.Faulted, Error = error, FailedRevision = null });

    /// <summary>Stops the loop (waiting for the event in progress) and releases the handler.</summary>
    public async Task StopAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
        _stopping = null;
        _handler?.Dispose();
        _handler = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Tells waiters that this instance is gone (deleted or replaced).</summary>
    public void MarkRemoved()
    {
        Volatile.Write(ref _removed, 1);
        Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var source = new ReadSource.Stream(Definition.Stream);
        var current = Snapshot;
        var position = current.Position;
        var state = current.State;
        try
        {
            while (true)
            {
                var stream = await _store.GetVersionAsync(source, cancellationToken) ?? default;
                var version = stream.Version;
                if (version <= position)
                {
                    await WaitForEventsAsync(source, stream, position, cancellationToken);
                    continue;
                }

                using var activity = _telemetry?.ActivitySource.StartActivity("ces.consumer.step");
                activity?.SetTag("ces.consumer", Definition.Id.Value);
                var progress = await FoldBatchAsync(source, new ResolvedWindow(position + 1, Math.Min(version, position + _batchSize)), position, state, cancellationToken);
                activity?.SetTag("ces.consumer.events", progress.Processed);
                if (progress.Processed == 0 && progress.Error is null)
                {
                    await WaitForEventsAsync(source, stream, position, cancellationToken);
                    continue;
                }

                position = progress.Position;
                state = progress.State;
                if (!await PersistAsync(position, state, progress.Error, progress.FailedRevision))
                {
                    ConsumerLog.Superseded(_logger, Definition.Id.Value, position);
                    _superseded?.Invoke();
                    return;
                }

                if (progress.Error is not null)
                {
                    ConsumerLog.Faulted(_logger, Definition.Id.Value, progress.FailedRevision, progress.Error);
                    activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, progress.Error);
                    _telemetry?.ConsumerFaulted();
                    return;
                }

                ConsumerLog.Processed(_logger, Definition.Id.Value, progress.Processed, position);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A storage or file failure stops this consumer only; it is logged and shown as its fault.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ConsumerLog.Failed(_logger, exception, Definition.Id.Value);
            _telemetry?.ConsumerFaulted();
            Publish(Snapshot with { Status = ConsumerStatus.Faulted, Error = "the consumer stopped after a server error: " + exception.Message, FailedRevision = null });
        }
    }

    /// <summary>Folds the events of <paramref name="window"/> into the state, stopping at the first handler error; one of at most <c>MaxConcurrentBatches</c>.</summary>
    private async Task<BatchProgress> FoldBatchAsync(ReadSource source, ResolvedWindow window, long position, string state, CancellationToken cancellationToken)
    {
        var progress = new BatchProgress(_handler!, position, state);
        await _concurrency.WaitAsync(cancellationToken);
        try
        {
            await foreach (var batch in _store.ReadAsync(source, window, null, cancellationToken))
            {
                batch.ForEach(progress, static (line, folding) => folding.Apply(line));
                if (progress.Error is not null)
                {
                    break;
                }
            }
        }
        finally
        {
            _concurrency.Release();
        }

        return progress;
    }

    /// <summary>
    /// Waits for events past <paramref name="position"/>. A closed stream that the consumer has read to its end never
    /// grows: the consumer then stays caught up, waiting only for its stop.
    /// </summary>
    private async Task WaitForEventsAsync(ReadSource source, SourceVersion current, long position, CancellationToken cancellationToken)
    {
        if (!current.Closed)
        {
            current = await _store.WaitForChangeAsync(source, position, cancellationToken);
        }

        if (current.Closed && current.Version <= position)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>
    /// Persists the folded batch, then publishes it; false (nothing published) when the store refused it. Not
    /// cancellable: once a batch is folded its pair is written or refused as a whole.
    /// </summary>
    private async ValueTask<bool> PersistAsync(long position, string state, string? error, long? failedRevision)
    {
        var checkpoint = new ConsumerCheckpoint(_sequence + 1, Persisted.Generation, position, state, error, failedRevision);
        if (!await _persistence.SaveProgressAsync(Definition.Id, checkpoint, CancellationToken.None))
        {
            return false;
        }

        _sequence = checkpoint.Sequence;
        Publish(new ConsumerSnapshot(
            Definition.Id,
            Definition.Stream,
            position,
            state,
            error is null ? ConsumerStatus.Running : ConsumerStatus.Faulted,
            error,
            failedRevision));
        return true;
    }

    private void Publish(ConsumerSnapshot snapshot)
    {
        Volatile.Write(ref _snapshot, snapshot);
        Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
