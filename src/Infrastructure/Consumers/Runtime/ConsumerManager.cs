using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Consumers.Runtime;

/// <summary>
/// The registry of consumers. Reads (<see cref="Find"/>, <see cref="List"/>, waits) are lock-free snapshots;
/// starts and deletes are serialised, and a start validates everything (handler compiles in the sandbox, stream
/// exists) before it changes anything, so a rejected request leaves the registry and the files as they were.
/// At most <see cref="MaxConcurrentBatches"/> consumers process a batch at the same time, so that handlers never
/// starve the request threads or the writer's continuations.
/// </summary>
internal sealed class ConsumerManager : IConsumerManager, IAsyncDisposable
{
    public const int DefaultBatchSize = 256;

    private readonly IEventStore _store;
    private readonly JavaScriptSandbox _sandbox;
    private readonly ConsumerFileStore _files;
    private readonly ILogger<ConsumerManager> _logger;
    private readonly bool _autoStart;
#pragma warning disable CA2213 // Never disposed on purpose: a late request may still wait on them while the host shuts down.
    private readonly SemaphoreSlim _mutation = new(1, 1);
    private readonly SemaphoreSlim _concurrency = new(MaxConcurrentBatches, MaxConcurrentBatches);
#pragma warning restore CA2213
    private readonly ConsumerRegistry _consumers = new();
    private long _nextOrder = 1;
    private bool _loaded;
    private bool _disposed;

    public ConsumerManager(IEventStore store, JavaScriptSandbox sandbox, IOptions<EventStoreOptions> options, ILogger<ConsumerManager> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _store = store;
        _sandbox = sandbox;
        _logger = logger;
        _autoStart = value.AutoStartConsumers;
        _files = new ConsumerFileStore(value.StorageDirectory, value.Durability == DurabilityMode.Fsync);
    }

    public static int MaxConcurrentBatches { get; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Events read and folded between two persisted checkpoints (tests lower it).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    public int Count => _consumers.Count;

    /// <summary>
    /// Registers the persisted consumers in creation order; with <c>AutoStartConsumers</c> they resume from their
    /// last checkpoint, otherwise they stay <see cref="ConsumerStatus.Stopped"/> until a PUT. A persisted fault is
    /// kept (the consumer stays faulted until a PUT restarts it).
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
            var (stored, damaged) = _files.LoadAll();
            foreach (var file in damaged)
            {
                ConsumerLog.Damaged(_logger, file);
            }

            foreach (var consumer in stored)
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

            ConsumerLog.Loaded(_logger, stored.Count, _files.DirectoryPath, _autoStart);
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
                var existing = Lookup(definition.Id);
                owned = false;
                return existing is not null && existing.Definition == definition
                    ? await existing.ResumeAsync(handler)
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
            var runtime = Lookup(id);
            if (runtime is null)
            {
                return false;
            }

            await runtime.StopAsync();
            _consumers.Remove(id.Value);

            runtime.MarkRemoved();
            _files.Delete(id);
            ConsumerLog.Deleted(_logger, id.Value);
            return true;
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>Stops every consumer (at shutdown); their last checkpoints stay on disk for the next start.</summary>
    public async Task StopAllAsync()
    {
        await _mutation.WaitAsync();
        try
        {
            _disposed = true;
            await Task.WhenAll(_consumers.InCreationOrder().Select(runtime => runtime.StopAsync()));
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
        new(persisted, checkpoint, _store, _files, _concurrency, _logger, BatchSize);

    /// <summary>
    /// A new consumer, or a new definition for an existing one: the definition and a fresh checkpoint are persisted
    /// first (a failure leaves the old consumer running), then the new runtime replaces the old. Owns <paramref name="handler"/>.
    /// </summary>
    private async ValueTask<ConsumerStartOutcome> ReplaceAsync(ConsumerRuntime? existing, ConsumerDefinition definition, JavaScriptHandler handler)
    {
        ConsumerRuntime runtime;
        try
        {
            var persisted = new PersistedDefinition(
                definition,
                Generation: (existing?.Persisted.Generation ?? 0) + 1,
                Order: existing?.Persisted.Order ?? _nextOrder);
            var checkpoint = new ConsumerCheckpoint(1, persisted.Generation, definition.From, definition.InitialState, null, null);
            if (existing is not null)
            {
                await existing.StopAsync();
            }

            try
            {
                _files.WriteDefinition(persisted);
                _files.WriteCheckpoint(definition.Id, checkpoint);
            }
            catch
            {
                RestartAfterFailedReplace(existing);
                throw;
            }

            runtime = NewRuntime(persisted, checkpoint);
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
        runtime.Start(handler, persist: false);
        return new ConsumerStartOutcome(existing is null ? ConsumerStartStatus.Created : ConsumerStartStatus.Replaced, initial);
    }

    /// <summary>The replacement could not be persisted: the old consumer runs on as before.</summary>
    private void RestartAfterFailedReplace(ConsumerRuntime? existing)
    {
        if (existing is null || existing.Snapshot.Status != ConsumerStatus.Running)
        {
            return;
        }

        existing.StartOrFault(_sandbox);
    }
}
