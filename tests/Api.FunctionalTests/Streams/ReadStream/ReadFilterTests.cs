using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ReadStream;

/// <summary>The <c>filter</c> parameter of reads (a stream, <c>_all</c>, joins and categories), each over a fresh store.</summary>
public sealed class ReadFilterTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public ReadFilterTests() => _client = _factory.CreateClient();

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
    public async Task Filter_UnknownOperator_Is400NamingIt()
    {
        await _client.CommitAsync("f-1", "{\"n\":1}");

        var response = await _client.GetAsync("/streams/f-1?filter=" + Uri.EscapeDataString("{\"payload\":{\"n\":{\"$foo\":1}}}"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "$foo", exact: false);
        Assert.Equal("filter", problem["parameter"]!.GetValue<string>());
    }

    [Fact]
    public async Task Filter_WorksOnAllJoinAndCategory()
    {
        await OrdersFixture();
        var filter = Uri.EscapeDataString("{\"payload\":{\"orderId\":[\"2\",\"4\"]}}");

        var all = await _client.ReadLinesAsync($"/streams/_all?filter={filter}");
        var join = await _client.ReadLinesAsync($"/streams/join?streams=orders-2,orders/eu/2&filter={filter}");
        var category = await _client.ReadLinesAsync($"/streams/category/orders?filter={filter}");

        Assert.Equal(["2", "4"], all.Field("payload.orderId"));
        Assert.Equal(["2", "4"], join.Field("payload.orderId"));
        Assert.Equal(["2", "4"], category.Field("payload.orderId"));
        Assert.All(all, line => Assert.IsType<JsonObject>(line["metadata"]));
    }
}
