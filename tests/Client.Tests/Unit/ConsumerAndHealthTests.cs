using System.Net;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Unit;

/// <summary>Consumers and health over a scripted server: the requests, the long-poll loop, the answers that are not refusals.</summary>
public sealed class ConsumerAndHealthTests
{
    private const string Consumer = """{"identifier":"order-counter","stream":"orders/eu","position":2,"state":{"count":2,"last":"OrderShipped"},"status":"running"}""";
    private const string Health = """{"status":"degraded","store":{"open":true,"writable":false,"length":7,"streams":3,"consumers":1,"engine":"embedded","durability":"Fsync","eventStorageVersion":"1.0.0","fault":"disk full"},"server":{"env":"Production","uptimeSeconds":5,"runtime":".NET 10","processorCount":2,"workingSetBytes":1000,"openLongPolls":0,"openFollowers":0}}""";

    [Fact]
    public async Task StartConsumerAsync_SendsTheHandlerStateAndStart()
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.Created, Consumer);
        using var test = TestClient.Scripted(handler);

        var consumer = await test.Client.StartConsumerAsync("order-counter", "orders/eu", "(event, state) => ({ count: state.count + 1 })", """{"count":0}""", from: 3);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/consumers/order-counter/stream/orders/eu/from/3", request.PathAndQuery);
        Assert.Equal("""{"handler":"(event, state) =\u003E ({ count: state.count \u002B 1 })","state":{"count":0}}""", request.Body);
        Assert.Equal(2, consumer.Position);
        Assert.Equal("running", consumer.Status);
        Assert.Equal(new CountState(2, "OrderShipped"), consumer.DeserializeState(TestJsonContext.Default.CountState));
    }

    [Fact]
    public async Task WaitForConsumerAsync_ServerWaitTimesOut_WaitsAgain()
    {
        var handler = new ScriptedHandler()
            .Problem(HttpStatusCode.RequestTimeout, "consumer-wait-timeout", "did not reach version 2")
            .Json(HttpStatusCode.OK, Consumer);
        using var test = TestClient.Scripted(handler);

        var consumer = await test.Client.WaitForConsumerAsync("order-counter", 2);

        Assert.Equal(2, consumer.Position);
        Assert.Equal(["/consumers/order-counter/after/2", "/consumers/order-counter/after/2"], handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task WaitForConsumerAsync_Faulted_ThrowsConflict()
    {
        var handler = new ScriptedHandler().Problem(HttpStatusCode.Conflict, "consumer-faulted", "faulted", "\"consumer\":\"order-counter\"");
        using var test = TestClient.Scripted(handler);

        var exception = await Assert.ThrowsAsync<EventStoreConflictException>(() => test.Client.WaitForConsumerAsync("order-counter", 2));

        Assert.Equal("consumer-faulted", exception.Code);
    }

    [Fact]
    public async Task DeleteConsumerAsync_ReportsWhetherItExisted()
    {
        var handler = new ScriptedHandler()
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.NoContent))
            .Problem(HttpStatusCode.NotFound, "consumer-not-found", "Consumer does not exist.");
        using var test = TestClient.Scripted(handler);

        Assert.True(await test.Client.DeleteConsumerAsync("order-counter"));
        Assert.False(await test.Client.DeleteConsumerAsync("order-counter"));

        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Delete, r.Method));
    }

    [Fact]
    public async Task ListConsumersAsync_ReadsTheList()
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.OK, """{"consumers":[{"identifier":"a","stream":"s","status":"faulted"}]}""");
        using var test = TestClient.Scripted(handler);

        var consumers = await test.Client.ListConsumersAsync();

        Assert.Equal([new ConsumerSummary("a", "s", "faulted")], consumers);
    }

    [Fact]
    public async Task GetHealthAsync_Degraded_IsReportedNotThrown()
    {
        var handler = new ScriptedHandler().Respond(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent(Health, System.Text.Encoding.UTF8, "application/json") });
        using var test = TestClient.Scripted(handler);

        var health = await test.Client.GetHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Equal("degraded", health.Status);
        Assert.False(health.Store.Writable);
        Assert.Equal("disk full", health.Store.Fault);
        Assert.Equal(7, health.Store.Length);
        Assert.Single(handler.Requests);
    }
}
