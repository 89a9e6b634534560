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
    private PostgresDatabase _database = null!;
    private ApiFactory? _first;
    private ApiFactory? _second;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
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

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Consumer_IsSharedByTheNodes_AndSurvivesItsNode()
    {
        var first = _first!.CreateClient();
        var second = _second!.CreateClient();
        await first.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}", "{\"type\":\"OrderPaid\"}");

        await first.StartConsumerAsync("counter/stream/orders-1", ConsumerApi.Counter);

        // Read your writes across nodes: the second node looks a consumer it does not know up in the database.
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/consumers/counter")).StatusCode);
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
        .With("EventStore:Postgres:ConnectionString", _database.ConnectionString)
        .With("EventStore:Postgres:ConsumerLeaseRetryMs", "200");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
