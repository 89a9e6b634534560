using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Application.Common.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CleanEventStore.Api.FunctionalTests.Operations;

/// <summary>
/// On PostgreSQL: the writer loop records its groups (<c>ces.provider=postgres</c>), and <c>/health/ready</c> answers
/// 503 naming the <c>database</c> and <c>store</c> checks while the database cannot be reached (a relay in front of
/// it is severed), 200 again once it is back; <c>/health/live</c> stays 200 throughout.
/// </summary>
public sealed class PostgresOperationsTests : IAsyncLifetime
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
    public async Task WriterGroups_AreRecordedWithTheirProvider()
    {
        using var meter = new HostMeter(_factory.Services.GetRequiredService<EventStoreTelemetry>());

        await _client.CommitAsync("orders-1", """{"type":"Placed"}""");
        await _client.CommitAsync("orders-1", """{"type":"Paid"}""");

        Assert.Equal(2, meter.Sum("ces.writer.group.size", "ces.provider=postgres"));
        Assert.Equal(2, meter.Count("ces.writer.flush.duration", "ces.provider=postgres"));
        Assert.Equal(2, meter.Sum("ces.commits", "ces.commit.result=ok"));
    }

    [Fact]
    public async Task Ready_DatabaseUnreachable_Is503NamingTheCheckThen200()
    {
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        await _relay.Sever();
        var down = await _client.GetAsync("/health/ready");
        var live = await _client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var body = await down.JsonAsync();
        Assert.Equal("unhealthy", body["status"]!.GetValue<string>());
        Assert.Equal("unhealthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.StartsWith("The PostgreSQL database cannot be reached: ", body["checks"]!["database"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("unhealthy", body["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", body["checks"]!["consumers"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        _relay.Restore();
        await Eventually.UntilAsync(
            async () => (await _client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            "/health/ready to answer 200 once the database is back");
    }
}
