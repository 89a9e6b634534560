using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Consumers.Runtime;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Tests.Consumers;

/// <summary>
/// A real file store and consumer manager over one directory; reopen to simulate a restart. Its sandbox has the default
/// limits but the time limit, which is out of reach (<see cref="SandboxLimits.Counted"/>), unless a test passes its own.
/// </summary>
public sealed class ConsumerHarness : IAsyncDisposable
{
    public const string Counter = "(event, state) => ({ count: (state.count || 0) + 1 })";

    private ConsumerHarness(string directory, FileEventStore store, ConsumerManager manager)
    {
        Directory = directory;
        Store = store;
        Manager = manager;
    }

    public string Directory { get; }

    internal FileEventStore Store { get; }

    internal ConsumerManager Manager { get; }

    public static async Task<ConsumerHarness> OpenAsync(string directory, int batchSize = ConsumerManager.DefaultBatchSize, bool autoStart = true, ConsumerSandboxOptions? sandbox = null)
    {
        var options = StoreFactory.Options(directory, o => o.AutoStartConsumers = autoStart);
        var store = StoreFactory.Open(options);
        var manager = new ConsumerManager(
            store,
            new JavaScriptSandbox(Options.Create(sandbox ?? SandboxLimits.Counted())),
            new ConsumerFileStore(options.StorageDirectory, fsync: true),
            Options.Create(options),
            NullLogger<ConsumerManager>.Instance)
        {
            BatchSize = batchSize,
        };
        await manager.LoadAsync(CancellationToken.None);
        return new ConsumerHarness(directory, store, manager);
    }

    public static ConsumerDefinition Definition(string id, string stream, string handler = Counter, string state = "{}", long from = 0) =>
        new(ConsumerId.Parse(id), StreamName.Parse(stream, allowAll: true), handler, state, from);

    public async Task<ConsumerStartOutcome> StartAsync(string id, string stream, string handler = Counter, string state = "{}", long from = 0) =>
        await Manager.StartAsync(Definition(id, stream, handler, state, from), CancellationToken.None);

    /// <summary>Waits (at most <see cref="Eventually.Deadline"/>) until the consumer reached <paramref name="position"/> or faulted.</summary>
    public async Task<ConsumerSnapshot> WaitAsync(string id, long position)
    {
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        return await Manager.WaitForPositionAsync(ConsumerId.Parse(id), position, timeout.Token)
            ?? throw new InvalidOperationException($"Consumer {id} does not exist.");
    }

    public async Task CommitManyAsync(string stream, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await Store.CommitAsync(stream, $"{{\"type\":\"E\",\"n\":{i}}}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        await Store.DisposeAsync();
    }
}
