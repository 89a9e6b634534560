using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Consumers.Runtime;

/// <summary>
/// The registry of consumers. Reads (<see cref="Find"/>, <see cref="List"/>, waits) are lock-free snapshots;
/// starts and deletes are serialised, and a start validates everything (handler compiles in the sandbox, stream
/// exists) before it changes anything, so a rejected request leaves the registry and the store as they were.
/// At most <see cref="MaxConcurrentBatches"/> consumers process a batch at the same time, so that handlers never
/// starve the request threads or the writer's continuations.
/// <para>
/// With <see cref="IConsumerLeases"/> (several nodes sharing one store) the store is the truth: a loop looks at it
/// every <see cref="IConsumerLeases.RetryInterval"/> and whenever another node changed something, registers every
/// consumer it finds (so each node lists every consumer and answers its GET and long-poll from the stored progress),
/// removes the deleted ones, and runs a consumer only while it holds its lease. A consumer that no node runs is
/// claimed by the first node that gets its lease: the claim is a conditional progress write of the stored pair, so a
/// previous owner that has not noticed yet can no longer write, and the new owner continues from that exact pair.
/// </para>
/// </summary>
internal sealed class ConsumerManager : IConsumerManager, IAsyncDisposable
{
    public const int DefaultBatchSize = 256;

    /// <summary>How long the synchronising loop lets notifications gather before it looks at the shared store.</summary>
    private static readonly TimeSpan NotificationCoalescing = TimeSpan.FromMilliseconds(50);

    private readonly IEventStore _store;
    private readonly JavaScriptSandbox _sandbox;
    private readonly IConsumerStore _persistence;
    private readonly IConsumerLeases? _leases;
    private readonly ILogger<ConsumerManager> _logger;
    private readonly bool _autoStart;
#pragma warning disable CA2213 // Never disposed on purpose: a late request may still wait on them while the host shuts down.
    private readonly SemaphoreSlim _mutation = new(1, 1);
    private readonly SemaphoreSlim _concurrency = new(MaxConcurrentBatches, MaxConcurrentBatches);
    private readonly CancellationTokenSource _stopping = new();
#pragma warning restore CA2213
    private readonly ConsumerRegistry _consumers = new();
    private TaskCompletionSource _synchronizeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _synchronizing = Task.CompletedTask;
    private long _nextOrder = 1;
    private bool _loaded;
    private volatile bool _loadCompleted;
    private readonly EventStoreTelemetry? _telemetry;
    private bool _disposed;

    public ConsumerManager(
        IEventStore store,
        JavaScriptSandbox sandbox,
        IConsumerStore persistence,
        IOptions<EventStoreOptions> options,
        ILogger<ConsumerManager> logger,
        IConsumerLeases? leases = null,
        EventStoreTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _sandbox = sandbox;
        _persistence = persistence;
        _leases = leases;
        _logger = logger;
        _autoStart = options.Value.AutoStartConsumers;
    }

    public static int MaxConcurrentBatches { get; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Events read and folded between two persisted checkpoints (tests lower it).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    public int Count => _consumers.Count;

    /// <summary>True once <see cref="LoadAsync"/> has registered the persisted consumers (the readiness probe's <c>consumers</c> check).</summary>
    public bool Loaded => _loadCompleted;

    /// <summary>
    /// Registers the persisted consumers in creation order; with <c>AutoStartConsumers</c> they resume from their
    /// last checkpoint, otherwise they stay <see cref="ConsumerStatus.Stopped"/> until a PUT. A persisted fault is
    /// kept (the consumer stays faulted until a PUT restarts it). With leases this node runs only the consumers whose
    /// lease it gets, and keeps looking at the shared store (see the class summary); without <c>AutoStartConsumers</c>
    /// it then takes over no consumer, and runs only those started through it.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _mutation.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            _loaded = true;
            if (_leases is not null)
            {
                await _leases.StartAsync(cancellationToken);
                var count = await SynchronizeCoreAsync(cancellationToken);
                ConsumerLog.Loaded(_logger, count, _persistence.Location, _autoStart);
                _loadCompleted = true;
                _synchronizing = Task.Run(() => SynchronizeLoopAsync(_leases), CancellationToken.None);
                return;
            }

            var contents = await _persistence.LoadAllAsync(cancellationToken);
            foreach (var file in contents.Damaged)
            {
                ConsumerLog.Damaged(_logger, file);
            }

            foreach (var consumer in contents.Consumers)
            {
                var persisted = consumer.Definition;
                var definition = persisted.Definition;
                if (_consumers.Find(definition.Id.Value) is not null)
                {
                    continue;
                }

                var checkpoint = consumer.Checkpoint ?? new ConsumerCheckpoint(0, persisted.Generation, definition.From, definition.InitialState, null, null);
                var runtime = NewRuntime(persisted, checkpoint);
                Register(runtime);
                _nextOrder = Math.Max(_nextOrder, persisted.Order + 1);
                if (!_autoStart || checkpoint.IsFaulted)
                {
                    continue;
                }

                runtime.StartOrFault(_sandbox);
            }

            ConsumerLog.Loaded(_logger, contents.Consumers.Count, _persistence.Location, _autoStart);
            _loadCompleted = true;
        }
        finally
        {
            _mutation.Release();
        }
    }

    public async ValueTask<ConsumerStartOutcome> StartAsync(ConsumerDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!_sandbox.TryCompile(definition.Handler, out var handler, out var error))
        {
            return new ConsumerStartOutcome(ConsumerStartStatus.InvalidHandler, null, error);
        }

        var owned = true;
        try
        {
            if (await _store.GetVersionAsync(new ReadSource.Stream(definition.Stream), cancellationToken) is null)
            {
                return new ConsumerStartOutcome(ConsumerStartStatus.StreamNotFound, null);
            }

            await _mutation.WaitAsync(cancellationToken);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                await RefreshAsync(cancellationToken);
                var existing = Lookup(definition.Id);
                owned = false;
                return existing is not null && existing.Definition == definition
                    ? await ResumeAsync(existing, handler, cancellationToken)
                    : await ReplaceAsync(existing, definition, handler);
            }
            finally
            {
                _mutation.Release();
            }
        }
        finally
        {
            if (owned)
            {
                handler.Dispose();
            }
        }
    }

    public ConsumerSnapshot? Find(ConsumerId id) => Lookup(id)?.Snapshot;

    public async ValueTask<ConsumerSnapshot?> FindAsync(ConsumerId id, CancellationToken cancellationToken)
    {
        var known = Lookup(id);
        if (known is not null || _leases is null)
        {
            return known?.Snapshot;
        }

        await _mutation.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await RefreshAsync(cancellationToken);
        }
        finally
        {
            _mutation.Release();
        }

        return Lookup(id)?.Snapshot;
    }

    public IReadOnlyList<ConsumerSnapshot> List()
    {
        var runtimes = _consumers.InCreationOrder();
        var snapshots = new ConsumerSnapshot[runtimes.Length];
        for (var i = 0; i < runtimes.Length; i++)
        {
            snapshots[i] = runtimes[i].Snapshot;
        }

        return snapshots;
    }

    /// <summary>True when the consumer's loop runs on this node (with leases: this node owns it).</summary>
    public bool IsRunningHere(ConsumerId id) => Lookup(id)?.IsRunning ?? false;

    public async ValueTask<ConsumerSnapshot?> WaitForPositionAsync(ConsumerId id, long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var runtime = Lookup(id);
            if (runtime is null)
            {
                return null;
            }

            var changed = runtime.Changed;
            if (runtime.IsRemoved)
            {
                continue;
            }

            var snapshot = runtime.Snapshot;
            if (snapshot.Position >= position || snapshot.Status == ConsumerStatus.Faulted)
            {
                return snapshot;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask<bool> DeleteAsync(ConsumerId id, CancellationToken cancellationToken)
    {
        await _mutation.WaitAsync(cancellationToken);
        try
        {
            await RefreshAsync(cancellationToken);
            var runtime = Lookup(id);
            if (runtime is null)
            {
                return false;
            }

            await runtime.StopAsync();
            _consumers.Remove(id.Value);

            runtime.MarkRemoved();
            await _persistence.DeleteAsync(id, CancellationToken.None);
            if (_leases is not null)
            {
                await _leases.ReleaseAsync(id, CancellationToken.None);
            }

            ConsumerLog.Deleted(_logger, id.Value);
            return true;
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>
    /// Stops every consumer (at shutdown); their last checkpoints stay persisted for the next start. With leases the
    /// leases are given up last, so another node takes the consumers over at once.
    /// </summary>
    public async Task StopAllAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _synchronizing;
        await _mutation.WaitAsync();
        try
        {
            _disposed = true;
            await Task.WhenAll(_consumers.InCreationOrder().Select(runtime => runtime.StopAsync()));
            if (_leases is not null)
            {
                await _leases.DisposeAsync();
            }
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>Stops every consumer. Idempotent: the container may dispose this instance under both of its service types.</summary>
    public async ValueTask DisposeAsync() => await StopAllAsync();

    private ConsumerRuntime? Lookup(ConsumerId id) => _consumers.Find(id.Value);

    private void Register(ConsumerRuntime runtime) => _consumers.Set(runtime);

    private ConsumerRuntime NewRuntime(PersistedDefinition persisted, ConsumerCheckpoint checkpoint) =>
        new(persisted, checkpoint, _store, _persistence, _concurrency, _logger, BatchSize, _leases is null ? null : RequestSynchronize, _telemetry);

    /// <summary>The same definition started again: left alone while running (here or elsewhere), else resumed. Owns <paramref name="handler"/>.</summary>
    private async ValueTask<ConsumerStartOutcome> ResumeAsync(ConsumerRuntime existing, JavaScriptHandler handler, CancellationToken cancellationToken)
    {
        JavaScriptHandler? owned = handler;
        try
        {
            if (existing.Snapshot.Status == ConsumerStatus.Running)
            {
                return new ConsumerStartOutcome(ConsumerStartStatus.Unchanged, existing.Snapshot);
            }

            await existing.StopAsync();
            if (!await existing.ClearFaultAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Consumer {existing.Definition.Id} changed on another node while it was resumed; try again.");
            }

            if (_leases is null || await _leases.TryAcquireAsync(existing.Definition.Id, cancellationToken))
            {
                owned = null;
                existing.Start(handler);
            }

            return new ConsumerStartOutcome(ConsumerStartStatus.Resumed, existing.Snapshot);
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>
    /// A new consumer, or a new definition for an existing one: the definition and a fresh checkpoint are persisted
    /// first (a failure leaves the old consumer running), then the new runtime replaces the old. With leases it runs
    /// here only if this node gets its lease; otherwise the node holding it picks the new definition up. Owns <paramref name="handler"/>.
    /// </summary>
    private async ValueTask<ConsumerStartOutcome> ReplaceAsync(ConsumerRuntime? existing, ConsumerDefinition definition, JavaScriptHandler handler)
    {
        ConsumerRuntime runtime;
        var runHere = true;
        try
        {
            var proposed = new PersistedDefinition(
                definition,
                Generation: (existing?.Persisted.Generation ?? 0) + 1,
                Order: existing?.Persisted.Order ?? _nextOrder);
            if (existing is not null)
            {
                await existing.StopAsync();
            }

            // The lease first: the other nodes hear of the new definition as soon as it is saved, and the node it was
            // started through should run it unless another node holds it already.
            var heldBefore = _leases?.Holds(definition.Id) ?? true;
            if (_leases is not null)
            {
                runHere = await _leases.TryAcquireAsync(definition.Id, CancellationToken.None);
            }

            PersistedDefinition persisted;
            try
            {
                persisted = await _persistence.SaveDefinitionAsync(proposed, CancellationToken.None);
            }
            catch
            {
                if (existing is null && runHere && !heldBefore)
                {
                    await _leases!.ReleaseAsync(definition.Id, CancellationToken.None);
                }

                RestartAfterFailedReplace(existing);
                throw;
            }

            runtime = NewRuntime(persisted, ConsumerCheckpoint.Initial(persisted));
            if (_leases is not null)
            {
                runtime.Observe(ConsumerCheckpoint.Initial(persisted));
            }
        }
        catch
        {
            handler.Dispose();
            throw;
        }

        Register(runtime);
        if (existing is null)
        {
            _nextOrder++;
        }

        existing?.MarkRemoved();
        var initial = runtime.Snapshot with { Status = ConsumerStatus.Running };
        if (runHere)
        {
            runtime.Start(handler);
        }
        else
        {
            handler.Dispose();
        }

        return new ConsumerStartOutcome(existing is null ? ConsumerStartStatus.Created : ConsumerStartStatus.Replaced, initial);
    }

    /// <summary>The replacement could not be persisted: the old consumer runs on as before.</summary>
    private void RestartAfterFailedReplace(ConsumerRuntime? existing)
    {
        if (existing is null || existing.Snapshot.Status != ConsumerStatus.Running || (_leases is not null && !_leases.Holds(existing.Definition.Id)))
        {
            return;
        }

        existing.StartOrFault(_sandbox);
    }

    /// <summary>With leases, brings this node's view up to date before a start or a delete decides on it.</summary>
    private async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        if (_leases is not null)
        {
            await SynchronizeCoreAsync(cancellationToken);
        }
    }

    private void RequestSynchronize() => Volatile.Read(ref _synchronizeRequested).TrySetResult();

    /// <summary>Looks at the shared store every retry interval, after another node's change and after a refused write, until shutdown.</summary>
    private async Task SynchronizeLoopAsync(IConsumerLeases leases)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            var changed = leases.Changed;
            var requested = Interlocked.Exchange(ref _synchronizeRequested, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            try
            {
                await _mutation.WaitAsync(token);
                try
                {
                    if (_disposed)
                    {
                        return;
                    }

                    await SynchronizeCoreAsync(token);
                }
                finally
                {
                    _mutation.Release();
                }

                if (await Task.WhenAny(changed, requested, Task.Delay(leases.RetryInterval, token)) == changed)
                {
                    // Another node's change (often just a batch of progress): let a burst of them arrive, so that a
                    // busy owner costs every other node at most one look at the store per coalescing interval.
                    await Task.Delay(NotificationCoalescing, token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // An unreachable database must not end the loop: the next round retries.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                ConsumerLog.SynchronizeFailed(_logger, exception);
                try
                {
                    await Task.Delay(leases.RetryInterval, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One round against the shared store (under <see cref="_mutation"/>): stops what this node no longer holds,
    /// registers new and replaced consumers, removes deleted ones, shows the stored progress of those running
    /// elsewhere, and claims and runs those whose lease this node gets. Returns the number of stored consumers.
    /// </summary>
    private async Task<int> SynchronizeCoreAsync(CancellationToken cancellationToken)
    {
        var leases = _leases!;
        await leases.CheckAsync(cancellationToken);
        foreach (var runtime in _consumers.InCreationOrder())
        {
            if (runtime.IsRunning && !leases.Holds(runtime.Definition.Id))
            {
                ConsumerLog.LeaseLost(_logger, runtime.Definition.Id.Value);
                await runtime.StopAsync();
            }
        }

        var contents = await _persistence.LoadAllAsync(cancellationToken);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var consumer in contents.Consumers)
        {
            var persisted = consumer.Definition;
            var id = persisted.Definition.Id;
            stored.Add(id.Value);
            var checkpoint = consumer.Checkpoint ?? new ConsumerCheckpoint(0, persisted.Generation, persisted.Definition.From, persisted.Definition.InitialState, null, null);
            var local = Lookup(id);
            if (local is null || local.Persisted.Generation != persisted.Generation)
            {
                if (local is not null)
                {
                    await local.StopAsync();
                }

                var runtime = NewRuntime(persisted, checkpoint);
                runtime.Observe(checkpoint);
                Register(runtime);
                local?.MarkRemoved();
                local = runtime;
            }

            if (local.IsRunning)
            {
                continue;
            }

            if (checkpoint.IsFaulted || !(_autoStart || leases.Holds(id)) || !await leases.TryAcquireAsync(id, cancellationToken))
            {
                local.Observe(checkpoint);
                continue;
            }

            await local.StopAsync();
            var claim = checkpoint with { Sequence = checkpoint.Sequence + 1 };
            if (!await _persistence.SaveProgressAsync(id, claim, cancellationToken))
            {
                local.Observe(checkpoint);
                continue;
            }

            local.Observe(claim);
            local.StartOrFault(_sandbox);
            ConsumerLog.Acquired(_logger, id.Value);
        }

        foreach (var runtime in _consumers.InCreationOrder())
        {
            var id = runtime.Definition.Id;
            if (stored.Contains(id.Value))
            {
                continue;
            }

            await runtime.StopAsync();
            _consumers.Remove(id.Value);
            runtime.MarkRemoved();
            await leases.ReleaseAsync(id, cancellationToken);
        }

        return contents.Consumers.Count;
    }
}
