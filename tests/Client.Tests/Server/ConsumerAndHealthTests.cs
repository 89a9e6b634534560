using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>Consumers and health against the real Api.</summary>
public sealed class ConsumerAndHealthTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private EventStoreClient Client => server.Client;

    [Fact]
    public async Task Consumers_StartWaitGetListDelete()
    {
        var stream = Names.Unique("orders");
        var id = "counter-" + Guid.NewGuid().ToString("N");
        await Client.CommitAsync(stream, [OrderPlaced.Of("1", 1).ToEvent()]);

        var started = await Client.StartConsumerAsync(id, stream, "(event, state) => ({ count: state.count + 1, last: event.payload.orderId })", """{"count":0}""");
        var same = await Client.StartConsumerAsync(id, stream, "(event, state) => ({ count: state.count + 1, last: event.payload.orderId })", """{"count":0}""");
        var waiting = Client.WaitForConsumerAsync(id, 2);
        await Client.CommitAsync(stream, [OrderPlaced.Of("2", 1).ToEvent()]);
        var reached = await waiting.WaitAsync(Api.FunctionalTests.Support.Eventually.Deadline);
        var got = await Client.GetConsumerAsync(id);
        var list = await Client.ListConsumersAsync();

        Assert.Equal((id, stream, "running"), (started.Identifier, started.Stream, started.Status));
        Assert.Equal(id, same.Identifier);
        Assert.Equal(2, reached.Position);
        Assert.Equal(new CountState(2, "2"), reached.DeserializeState(TestJsonContext.Default.CountState));
        Assert.Equal(2, got.Position);
        Assert.Contains(new ConsumerSummary(id, stream, "running"), list);
        Assert.True(await Client.DeleteConsumerAsync(id));
        Assert.False(await Client.DeleteConsumerAsync(id));
        Assert.Equal("consumer-not-found", (await Assert.ThrowsAsync<EventStoreNotFoundException>(() => Client.GetConsumerAsync(id))).Code);
    }

    [Fact]
    public async Task StartConsumerAsync_InvalidHandler_IsABadRequest()
    {
        var stream = Names.Unique("orders");
        await Client.CommitAsync(stream, [OrderPlaced.Of("1", 1).ToEvent()]);

        var exception = await Assert.ThrowsAsync<EventStoreBadRequestException>(() => Client.StartConsumerAsync("bad-" + Guid.NewGuid().ToString("N"), stream, "this is not javascript ("));

        Assert.Contains("handler", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_AndStatistics_DescribeTheStore()
    {
        var stream = Names.Unique("orders");
        await Client.CommitAsync(stream, [OrderPlaced.Of("1", 1).ToEvent()]);

        var health = await Client.GetHealthAsync();
        var stats = await Client.GetStorageStatisticsAsync();

        Assert.True(health.IsHealthy);
        Assert.True(health.Store.Open && health.Store.Writable);
        Assert.True(health.Store.Length >= 1);
        Assert.Equal("Testing", health.Server.Env);
        Assert.True(stats.NumPartitions >= 1);
        Assert.Equal(1, stats.Indexes[stream].Size);
        Assert.Equal("write", stats.Indexes[stream].Kind);
        Assert.True(stats.Indexes["_all"].Size >= 1);
    }
}
