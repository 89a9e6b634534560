using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Health.GetHealth;

/// <summary><c>GET /health</c> counts the consumers.</summary>
public sealed class GetHealthConsumerCountTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public GetHealthConsumerCountTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task Health_CountsConsumers()
    {
        await _client.CommitAsync("health-consumer-1", "{\"type\":\"A\"}");
        await _client.StartConsumerAsync("health-reader/stream/health-consumer-1", ConsumerApi.Counter);

        var health = await (await _client.GetAsync("/health")).JsonAsync();

        Assert.True(health["store"]!["consumers"]!.GetValue<int>() >= 1, health.ToJsonString());
    }
}
