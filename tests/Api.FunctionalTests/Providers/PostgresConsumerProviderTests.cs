using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;
using Npgsql;

namespace CleanEventStore.Api.FunctionalTests.Providers;

/// <summary>
/// Consumers over HTTP on <c>EventStore:Provider=Postgres</c> with two Api nodes on one fresh database: the consumer
/// is kept in the database (never in a node's data directory), both nodes answer for it, and when the node that runs
/// it stops the other one carries on from the stored position and state.
/// </summary>
public sealed class PostgresConsumerProviderTests : IAsyncLifetime
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=ces;Password=ces;Database=postgres";

    private readonly string _database = "ces_api_" + Guid.NewGuid().ToString("N");
    private ApiFactory? _first;
    private ApiFactory? _second;

    private static string Server =>
        Environment.GetEnvironmentVariable("CES_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;

    public async Task InitializeAsync()
    {
        await ExecuteAsync($"CREATE DATABASE {_database}");
        _first = Node();
        _second = Node();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _first, _second })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    [Fact]
    public async Task Consumer_IsSharedByTheNodes_AndSurvivesItsNode()
    {
        var first = _first!.CreateClient();
        var second = _second!.CreateClient();
        await first.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}", "{\"type\":\"OrderPaid\"}");

        await first.StartConsumerAsync("counter/stream/orders-1", ConsumerApi.Counter);
        await Eventually.UntilAsync(
            async () => (await second.GetAsync("/consumers/counter")).StatusCode == HttpStatusCode.OK,
            "the second node to hear of the consumer (by NOTIFY, or its next look at the database)");
        var onSecond = await second.AfterAsync("counter", 2);
        var listed = await second.GetStringAsync("/consumers");
        await _first.DisposeAsync();
        _first = null;
        await second.CommitAsync("orders-1", "{\"type\":\"OrderShipped\"}");
        var afterTakeover = await second.AfterAsync("counter", 3);

        Assert.Equal(2, onSecond["state"]!["count"]!.GetValue<int>());
        Assert.Contains("\"counter\"", listed, StringComparison.Ordinal);
        Assert.Equal(3, afterTakeover["state"]!["count"]!.GetValue<int>());
        Assert.Equal("running", afterTakeover["status"]!.GetValue<string>());
        Assert.False(Directory.Exists(Path.Combine(_second.DataDirectory, "consumers")));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM consumer_definitions WHERE id = 'counter'"));
        Assert.Equal(3L, await ScalarAsync("SELECT position FROM consumer_progress WHERE id = 'counter'"));
    }

    private ApiFactory Node() => new ApiFactory()
        .With("EventStore:Provider", "Postgres")
        .With("EventStore:Postgres:ConnectionString", new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString)
        .With("EventStore:Postgres:ConsumerLeaseRetryMs", "200");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
