using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ReadCategory;

/// <summary>Categories (<c>/streams/category/{prefix}</c>) and their long-polls, each over a fresh store.</summary>
public sealed class ReadCategoryTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public ReadCategoryTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task OrdersFixture()
    {
        await _client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\",\"orderId\":\"1\",\"tags\":[\"featured\",\"eu\"]}");
        await _client.CommitAsync("orders-2", "{\"type\":\"OrderPlaced\",\"orderId\":\"2\",\"tags\":[\"featured\"]}");
        await _client.CommitAsync("orders-1", "{\"type\":\"OrderConfirmed\",\"orderId\":\"1\",\"tags\":[\"featured\",\"eu\"]}");
        await _client.CommitAsync("orders/eu/1", "{\"type\":\"OrderPlaced\",\"orderId\":\"3\"}");
        await _client.CommitAsync("orders/eu/2", "{\"type\":\"OrderPlaced\",\"orderId\":\"4\"}");
    }

    [Fact]
    public async Task Category_Headers_AndUnknownCategory404()
    {
        await OrdersFixture();

        var response = await _client.GetAsync("/streams/category/orders/backwards/2");
        var missing = await _client.GetAsync("/streams/category/nothing");

        Assert.Equal("orders", response.Header("x-event-store-category"));
        Assert.Equal("5", response.Header("x-event-store-version"));
        Assert.Equal(["4", "3"], (await response.LinesAsync()).Field("payload.orderId"));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "No streams for category 'nothing' exist.");
    }

    [Fact]
    public async Task Category_LongPoll_ReturnsWhatWasStreamedAtTheTimeout()
    {
        using var factory = new ApiFactory().WithShortPollTimeouts();
        var client = factory.CreateClient();
        await client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}");

        var lines = await client.ReadLinesAsync("/streams/category/orders/from/1/until/99");

        Assert.Equal(["OrderPlaced"], lines.Field("payload.type"));
    }

    [Fact]
    public async Task Category_LongPoll_WakesOnANewMemberStream()
    {
        await _client.CommitAsync("carts-1", "{\"n\":1}");

        var reading = await _factory.StartLongPollAsync(_client, "/streams/category/carts/from/2/until/2");
        await _client.CommitAsync("carts/eu/9", "{\"n\":2}");
        var response = await reading;

        Assert.Equal(["carts/eu/9"], (await response.LinesAsync()).Field("stream"));
    }
}
