using System.Diagnostics;
using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Storage.Postgres.Consumers;
using CleanEventStore.Infrastructure.Storage.Postgres.Schema;
using CleanEventStore.Infrastructure.Tests.Storage.Postgres;
using CleanEventStore.Infrastructure.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace CleanEventStore.Infrastructure.Tests.Consumers.Postgres;

/// <summary>
/// Consumers on the PostgreSQL provider: persistence in the database, and several nodes (managers with their own
/// pools and lock sessions) on one database, each test on a fresh database.
/// </summary>
public sealed class PostgresConsumerTests(PostgresDatabaseFixture database, ITestOutputHelper output) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly ConsumerId Id = ConsumerId.Parse("counter");

    [Fact]
    public async Task Store_RoundTrip_KeepsDefinitionAndPair_AndRefusesStaleOrForeignWrites()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None);
        var store = new PostgresConsumerStore(dataSource);
        var definition = ConsumerHarness.Definition("counter", "orders", state: "{\"count\": 0}", from: 2);

        var first = await store.SaveDefinitionAsync(new PersistedDefinition(definition, 1, 1), CancellationToken.None);
        var accepted = await store.SaveProgressAsync(Id, new ConsumerCheckpoint(2, first.Generation, 5, "{\"count\":3}", "boom", 6), CancellationToken.None);
        var stale = await store.SaveProgressAsync(Id, new ConsumerCheckpoint(2, first.Generation, 9, "{\"count\":7}", null, null), CancellationToken.None);
        var loaded = Assert.Single((await store.LoadAllAsync(CancellationToken.None)).Consumers);
        var replaced = await store.SaveDefinitionAsync(new PersistedDefinition(definition with { Handler = "(e, s) => s" }, 2, 2), CancellationToken.None);
        var oldGeneration = await store.SaveProgressAsync(Id, new ConsumerCheckpoint(3, first.Generation, 9, "{}", null, null), CancellationToken.None);
        var afterReplace = Assert.Single((await store.LoadAllAsync(CancellationToken.None)).Consumers);
        await store.DeleteAsync(Id, CancellationToken.None);
        var afterDelete = await store.LoadAllAsync(CancellationToken.None);

        Assert.True(accepted);
        Assert.False(stale);
        Assert.Equal(definition, loaded.Definition.Definition);
        Assert.Equal(first, loaded.Definition);
        Assert.Equal(new ConsumerCheckpoint(2, first.Generation, 5, "{\"count\":3}", "boom", 6), loaded.Checkpoint);
        Assert.True(replaced.Generation > first.Generation);
        Assert.Equal(first.Order, replaced.Order);
        Assert.False(oldGeneration);
        Assert.Equal(replaced, afterReplace.Definition);
        Assert.Equal(ConsumerCheckpoint.Initial(replaced), afterReplace.Checkpoint);
        Assert.Empty(afterDelete.Consumers);
        Assert.Empty(afterDelete.Damaged);
    }

    [Fact]
    public async Task Migration_ToVersion2_IsSafeTwiceAtOnce_AndRunsAgainWithoutLosingConsumers()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var versions = await Task.WhenAll(SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None), SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None));
        var store = new PostgresConsumerStore(dataSource);
        var saved = await store.SaveDefinitionAsync(new PersistedDefinition(ConsumerHarness.Definition("counter", "orders"), 1, 1), CancellationToken.None);
        await using (var forget = dataSource.CreateCommand("DELETE FROM schema_version WHERE version = 2"))
        {
            await forget.ExecuteNonQueryAsync();
        }

        var again = await SchemaMigrator.MigrateAsync(dataSource, CancellationToken.None);
        var kept = Assert.Single((await store.LoadAllAsync(CancellationToken.None)).Consumers);

        Assert.Equal([2, 2], versions);
        Assert.Equal(2, again);
        Assert.Equal(saved, kept.Definition);
    }

    [Fact]
    public async Task TwoNodes_OnlyOneRunsAConsumer_AndBothShowItsProgress()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var a = await PostgresConsumerNode.OpenAsync(connectionString);
        await using var b = await PostgresConsumerNode.OpenAsync(connectionString);
        await a.CommitManyAsync("orders", 20);

        var started = await a.StartAsync("counter", "orders");
        var onA = await a.WaitAsync("counter", 20);
        await Eventually.UntilAsync(() => b.Manager.Find(Id) is not null, "node B to hear of the consumer");
        var onB = await b.WaitAsync("counter", 20);

        Assert.Equal(ConsumerStartStatus.Created, started.Status);
        Assert.Equal("{\"count\":20}", onA.State);
        Assert.Equal("{\"count\":20}", onB.State);
        Assert.Equal(ConsumerStatus.Running, onB.Status);
        Assert.True(a.Runs("counter"));
        Assert.False(b.Runs("counter"));
        Assert.Equal(1, await HeldLocksAsync(connectionString));
    }

    [Fact]
    public async Task OwnerDisposed_OtherNodeTakesOver_FromThePersistedPair()
    {
        var connectionString = await database.CreateDatabaseAsync();
        var a = await PostgresConsumerNode.OpenAsync(connectionString, batchSize: 5);
        await using var b = await PostgresConsumerNode.OpenAsync(connectionString, batchSize: 5);
        await a.CommitManyAsync("orders", 50);
        await a.StartAsync("counter", "orders");
        await a.WaitAsync("counter", 10);

        var stopped = Stopwatch.StartNew();
        await a.DisposeAsync();
        await Eventually.UntilAsync(() => b.Runs("counter"), "node B to take the consumer over");
        output.WriteLine($"node B took over {stopped.ElapsedMilliseconds} ms after node A stopped");
        await b.CommitManyAsync("orders", 50, first: 51);
        var done = await b.WaitAsync("counter", 100);

        Assert.Equal("{\"count\":100}", done.State);
        Assert.Equal(ConsumerStatus.Running, done.Status);
        Assert.Equal((100L, "{\"count\":100}"), await StoredPairAsync(connectionString));
    }

    /// <summary>
    /// Node A's lock session dies (as when its process is killed) while its consumer is still busy: PostgreSQL releases
    /// the lock, node B takes the consumer over and ends at exactly one count per event. Node A does not take
    /// consumers over (AutoStartConsumers off), so the new owner is B whatever the timing; A's late writes, if any,
    /// land before B's claim or are refused.
    /// </summary>
    [Fact]
    public async Task OwnerSessionKilled_OtherNodeTakesOver_WithoutDoubleCounting()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var a = await PostgresConsumerNode.OpenAsync(connectionString, autoStart: false, batchSize: 3);
        await using var b = await PostgresConsumerNode.OpenAsync(connectionString, batchSize: 3);
        await a.CommitManyAsync("orders", 30);
        await a.StartAsync("counter", "orders");
        await a.WaitAsync("counter", 30);
        Assert.True(a.Runs("counter"));

        var killed = Stopwatch.StartNew();
        await TerminateAsync(connectionString, a.Leases.SessionProcessId!.Value);
        var more = a.CommitManyAsync("orders", 120, first: 31);
        await Eventually.UntilAsync(() => b.Runs("counter"), "node B to take the consumer over");
        output.WriteLine($"node B took over {killed.ElapsedMilliseconds} ms after node A's lock session ended");
        await more;
        var onB = await b.WaitAsync("counter", 150);
        var onA = await a.WaitAsync("counter", 150);

        Assert.Equal("{\"count\":150}", onB.State);
        Assert.Equal("{\"count\":150}", onA.State);
        Assert.False(a.Runs("counter"));
        Assert.Equal((150L, "{\"count\":150}"), await StoredPairAsync(connectionString));
        Assert.Equal(1, await HeldLocksAsync(connectionString));
    }

    [Fact]
    public async Task ConsumerStartedOnOneNode_IsListedAndLongPollableOnTheOther()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var a = await PostgresConsumerNode.OpenAsync(connectionString);
        await using var b = await PostgresConsumerNode.OpenAsync(connectionString);
        await a.CommitManyAsync("orders", 1);

        await b.StartAsync("counter", "orders");
        await Eventually.UntilAsync(() => a.Manager.Find(Id) is not null, "node A to see the consumer started on node B");
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        var poll = a.Manager.WaitForPositionAsync(Id, 6, timeout.Token).AsTask();
        await b.CommitManyAsync("orders", 5, first: 2);
        var snapshot = await poll;

        Assert.NotNull(snapshot);
        Assert.Equal(6, snapshot.Position);
        Assert.Equal("{\"count\":6}", snapshot.State);
        Assert.Equal(["counter"], a.Manager.List().Select(c => c.Id.Value));
        Assert.True(b.Runs("counter"));
        Assert.False(a.Runs("counter"));
    }

    [Fact]
    public async Task DeleteOrReplaceOnANonOwner_StopsOrRestartsItOnItsOwner()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var a = await PostgresConsumerNode.OpenAsync(connectionString);
        await using var b = await PostgresConsumerNode.OpenAsync(connectionString);
        await a.CommitManyAsync("orders", 4);
        await a.StartAsync("counter", "orders");
        await a.WaitAsync("counter", 4);

        var replaced = await b.StartAsync("counter", "orders", "(event, state) => ({ total: (state.total || 0) + event.payload.n })");
        await Eventually.UntilAsync(() => a.Manager.Find(Id) is { State: "{\"total\":10}" }, "node A to run the new definition");
        var ranOnA = a.Runs("counter") && !b.Runs("counter");
        var deleted = await b.Manager.DeleteAsync(Id, CancellationToken.None);
        await Eventually.UntilAsync(() => a.Manager.Find(Id) is null, "node A to drop the deleted consumer");

        Assert.Equal(ConsumerStartStatus.Replaced, replaced.Status);
        Assert.True(ranOnA);
        Assert.True(deleted);
        Assert.False(a.Runs("counter"));
        await Eventually.UntilAsync(async () => await HeldLocksAsync(connectionString) == 0, "node A to release the lock");
        Assert.Empty(b.Manager.List());
    }

    [Fact]
    public async Task Restart_ResumesFromTheDatabase()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using (var first = await PostgresConsumerNode.OpenAsync(connectionString))
        {
            await first.CommitManyAsync("orders", 7);
            await first.StartAsync("counter", "orders");
            await first.WaitAsync("counter", 7);
        }

        await using var second = await PostgresConsumerNode.OpenAsync(connectionString);
        await second.CommitManyAsync("orders", 3, first: 8);
        var resumed = await second.WaitAsync("counter", 10);

        Assert.Equal("{\"count\":10}", resumed.State);
        Assert.True(second.Runs("counter"));
    }

    private static async Task<long> HeldLocksAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::bigint = @class AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        command.Parameters.AddWithValue("class", (long)PostgresSchema.ConsumerLockClass);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(long Position, string State)> StoredPairAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT position, state FROM consumer_progress WHERE id = 'counter'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static async Task TerminateAsync(string connectionString, int processId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", processId);
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }
}
