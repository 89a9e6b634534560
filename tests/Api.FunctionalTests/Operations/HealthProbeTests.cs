using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Api.Health;
using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using NSubstitute;

namespace CleanEventStore.Api.FunctionalTests.Operations;

/// <summary><c>/health/live</c> and <c>/health/ready</c>: anonymous, never rate limited, 503 naming the failing check.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task LiveAndReady_OnAnOpenStore_Answer200()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", (await live.JsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.JsonAsync();
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.Equal(["store", "consumers", "database"], body["checks"]!.AsObject().Select(check => check.Key));
    }

    [Fact]
    public async Task Probes_WithAuthenticationAndARateLimit_AreAnonymousAndNeverLimited()
    {
        using var factory = new Security.ApiKeyApiFactory();
        factory.With("RateLimit:PermitsPerSecond", "1").With("RateLimit:Burst", "1");
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/health/ready")).StatusCode);
            statuses.Add((await client.GetAsync("/health/live")).StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task StoreCheck_NotWritable_IsUnhealthyWithTheFault()
    {
        var store = Substitute.For<IEventStore>();
        store.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<StoreStatistics>(
            new StoreStatistics(true, false, 0, 0, "file", "Fsync", 0, [], new IndexStatistics(0, 0, 0, 0), "Writing to the log failed: disk full")));

        var result = await new StoreReadinessCheck(store).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("Writing to the log failed: disk full", result.Description);
    }

    [Fact]
    public async Task ConsumersCheck_NotLoaded_IsUnhealthy()
    {
        var consumers = Substitute.For<IConsumerManager>();
        consumers.Loaded.Returns(false);

        var result = await new ConsumersReadinessCheck(consumers).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task DatabaseCheck_WrongConnectionString_IsUnhealthy()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=5432;Username=ces;Password=ces;Database=ces_no_such_database_" + Guid.NewGuid().ToString("N") + ";Timeout=5");

        var result = await new DatabaseReadinessCheck(dataSource).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("The PostgreSQL database cannot be reached: ", result.Description, StringComparison.Ordinal);
    }
}
