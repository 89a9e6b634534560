using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;
using Npgsql;

namespace CleanEventStore.Api.FunctionalTests.Providers;

/// <summary>
/// The Api on PostgreSQL when the database goes away and comes back (a relay in front of the server is severed and
/// restored): health says "degraded" with the cause, commits and reads answer 503 with Retry-After and write nothing,
/// and once the database is back the same server commits and reads again without a restart.
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;
    private TcpRelay _relay = null!;
    private ApiFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(PostgresDatabase.Server);
        _relay = new TcpRelay(server.Host!, server.Port);
        var connectionString = new NpgsqlConnectionStringBuilder(_database.Through("127.0.0.1", _relay.Port)) { Timeout = 5, CommandTimeout = 10 }.ConnectionString;
        _factory = new ApiFactory()
            .With("EventStore:Provider", "Postgres")
            .With("EventStore:Postgres:ConnectionString", connectionString)
            .With("EventStore:Postgres:PollIntervalMs", "200");
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _relay.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task DatabaseGoneThenBack_HealthDegradesRequestsAnswer503AndTheServerRecovers()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync("/streams/orders-1/commit", "{\"events\":[{\"type\":\"Placed\"}]}")).StatusCode);
        var healthy = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("postgres", (await healthy.JsonAsync())["store"]!["engine"]!.GetValue<string>());

        await _relay.Sever();

        var degraded = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.StatusCode);
        var body = await degraded.JsonAsync();
        Assert.Equal("degraded", body["status"]!.GetValue<string>());
        Assert.False(body["store"]!["writable"]!.GetValue<bool>());
        Assert.StartsWith("The PostgreSQL database cannot be reached: ", body["store"]!["fault"]!.GetValue<string>(), StringComparison.Ordinal);

        var refused = await _client.PostJsonAsync("/streams/orders-1/commit", "{\"events\":[{\"type\":\"Lost\"}]}");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, exact: false);
        Assert.Equal("storage-unavailable", problem["code"]!.GetValue<string>());
        var unread = await _client.GetAsync("/streams/orders-1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unread.StatusCode);
        Assert.Equal("1", unread.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        _relay.Restore();

        await Eventually.UntilAsync(
            async () => (await _client.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            "/health to answer 200 once the database is back");
        HttpStatusCode status = default;
        await Eventually.UntilAsync(
            async () => (status = (await _client.PostJsonAsync("/streams/orders-1/commit", "{\"events\":[{\"type\":\"Paid\"}],\"expectedVersion\":1}")).StatusCode) != HttpStatusCode.ServiceUnavailable,
            "a commit to be accepted once the database is back");
        Assert.Equal(HttpStatusCode.Created, status);
        var events = await _client.ReadLinesAsync("/streams/_all");
        Assert.Equal(["Placed", "Paid"], events.Select(line => line["payload"]!["type"]!.GetValue<string>()));
    }
}
