using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Consumers.Runtime;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using CleanEventStore.Infrastructure.Storage.Postgres;
using CleanEventStore.Infrastructure.Storage.Postgres.Consumers;
using CleanEventStore.Infrastructure.Tests.Storage.Postgres;
using CleanEventStore.Infrastructure.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CleanEventStore.Infrastructure.Tests.Consumers.Postgres;

/// <summary>
/// One "node" on a shared PostgreSQL database: its own event store, connection pool, consumer store, leases (its own
/// lock session) and consumer manager, wired as <c>AddPostgresStorage</c> wires them. Leases are retried every
/// <see cref="RetryMs"/> so that takeovers are quick in tests.
/// </summary>
internal sealed class PostgresConsumerNode : IAsyncDisposable
{
    public const int RetryMs = 200;

    private readonly NpgsqlDataSource _dataSource;
    private int _disposed;

    private PostgresConsumerNode(PostgresEventStore store, NpgsqlDataSource dataSource, PostgresConsumerLeases leases, ConsumerManager manager)
    {
        Store = store;
        _dataSource = dataSource;
        Leases = leases;
        Manager = manager;
    }

    public PostgresEventStore Store { get; }

    public PostgresConsumerLeases Leases { get; }

    public ConsumerManager Manager { get; }

    public static async Task<PostgresConsumerNode> OpenAsync(string connectionString, bool autoStart = true, int batchSize = ConsumerManager.DefaultBatchSize)
    {
        var store = await PostgresDatabaseFixture.OpenAsync(connectionString, pollIntervalMs: 500);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var leases = new PostgresConsumerLeases(
            new PostgresStoreOptions { ConnectionString = connectionString, ConsumerLeaseRetryMs = RetryMs },
            NullLogger<PostgresConsumerLeases>.Instance);
        var manager = new ConsumerManager(
            store,
            new JavaScriptSandbox(Options.Create(SandboxLimits.Counted())),
            new PostgresConsumerStore(dataSource),
            Options.Create(new EventStoreOptions { AutoStartConsumers = autoStart }),
            NullLogger<ConsumerManager>.Instance,
            leases)
        {
            BatchSize = batchSize,
        };
        await manager.LoadAsync(CancellationToken.None);
        return new PostgresConsumerNode(store, dataSource, leases, manager);
    }

    public async Task<ConsumerStartOutcome> StartAsync(string id, string stream, string handler = ConsumerHarness.Counter) =>
        await Manager.StartAsync(ConsumerHarness.Definition(id, stream, handler), CancellationToken.None);

    public bool Runs(string id) => Manager.IsRunningHere(ConsumerId.Parse(id));

    /// <summary>Long-polls this node (at most <see cref="Eventually.Deadline"/>) until the consumer reached <paramref name="position"/> or faulted.</summary>
    public async Task<ConsumerSnapshot> WaitAsync(string id, long position)
    {
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        return await Manager.WaitForPositionAsync(ConsumerId.Parse(id), position, timeout.Token)
            ?? throw new InvalidOperationException($"Consumer {id} does not exist on this node.");
    }

    public async Task CommitManyAsync(string stream, int count, int first = 1)
    {
        for (var i = first; i < first + count; i++)
        {
            await Store.CommitAsync(stream, $"{{\"type\":\"E\",\"n\":{i}}}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Manager.DisposeAsync();
        await Store.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
