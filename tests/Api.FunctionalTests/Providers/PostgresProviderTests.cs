using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Providers;

/// <summary>
/// The Api on <c>EventStore:Provider=Postgres</c> against a fresh database of the server <c>CES_POSTGRES</c> names
/// (the role <c>.ci/run</c> creates by default): commits, reads, conflicts and the stream list go end to end through
/// PostgreSQL. The engine-level behaviour is in Infrastructure.Tests/Storage/Postgres; the rest of the Api suite runs
/// on the embedded engine.
/// </summary>
public sealed class PostgresProviderTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private ApiFactory? _factory;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _factory = new ApiFactory()
            .With("EventStore:Provider", "Postgres")
            .With("EventStore:Postgres:ConnectionString", _database.ConnectionString);
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task CommitReadConflictAndList_GoThroughPostgreSql()
    {
        var first = await _client.PostJsonAsync("/streams/orders-1/commit", "{\"events\":[{\"type\":\"OrderPlaced\",\"amount\":5}],\"expectedVersion\":\"empty\"}");
        var second = await _client.PostJsonAsync("/streams/orders-1/commit", "{\"events\":[{\"type\":\"OrderPaid\"}],\"expectedVersion\":1}");
        var stale = await _client.PostJsonAsync("/streams/orders-1/commit", "{\"events\":[{\"type\":\"OrderPaid\"}],\"expectedVersion\":1}");
        var stream = await _client.GetStringAsync("/streams/orders-1");
        var all = await _client.GetStringAsync("/streams/_all/version");
        var typeStream = await _client.GetStringAsync("/streams/OrderPaid");
        var list = await _client.GetStringAsync("/streams");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var lines = stream.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"stream\":\"orders-1\",\"payload\":{\"type\":\"OrderPlaced\",\"amount\":5},\"metadata\":{\"commitId\":0,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("\"streamVersion\":1}}", lines[1], StringComparison.Ordinal);
        Assert.Equal("{\"stream\":\"_all\",\"version\":2}", all);
        Assert.Contains("\"payload\":{\"type\":\"OrderPaid\"}", typeStream, StringComparison.Ordinal);
        Assert.Contains("{\"stream\":\"orders-1\",\"closed\":false,\"version\":2,\"metadata\":{\"kind\":\"write\"}}", list, StringComparison.Ordinal);
    }
}
