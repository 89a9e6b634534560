using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Health.GetHealth;

/// <summary><c>GET /health</c>.</summary>
public sealed class GetHealthTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public GetHealthTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task Health_ReportsStoreAndRuntime()
    {
        await _client.CommitAsync("health-1", "{\"type\":\"Checked\"}");

        var response = await _client.GetAsync("/health");
        var health = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        var store = health["store"]!;
        Assert.True(store["open"]!.GetValue<bool>());
        Assert.True(store["writable"]!.GetValue<bool>());
        Assert.True(store["length"]!.GetValue<long>() >= 1);
        Assert.True(store["streams"]!.GetValue<int>() >= 2);
        Assert.Equal("Fsync", store["durability"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(store["eventStorageVersion"]!.GetValue<string>()));
        Assert.Equal("Testing", health["server"]!["env"]!.GetValue<string>());
        Assert.True(health["server"]!["uptimeSeconds"]!.GetValue<long>() >= 0);
        Assert.StartsWith(".NET", health["server"]!["runtime"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
