using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Consumers.ListConsumers;

/// <summary><c>GET /consumers</c>.</summary>
public sealed class ListConsumersTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public ListConsumersTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task List_KeepsCreationOrder()
    {
        await _client.CommitAsync("order-1", "{\"type\":\"A\"}");
        await _client.StartConsumerAsync("order-c/stream/order-1", ConsumerApi.Counter);
        await _client.StartConsumerAsync("order-a/stream/order-1", ConsumerApi.Counter);
        await _client.StartConsumerAsync("order-b/stream/order-1", ConsumerApi.Counter);

        var list = await (await _client.GetAsync("/consumers")).JsonAsync();
        var names = list["consumers"]!.AsArray().Select(c => c!["identifier"]!.GetValue<string>()).Where(n => n.StartsWith("order-", StringComparison.Ordinal)).ToList();

        Assert.Equal(["order-c", "order-a", "order-b"], names);
    }
}
