using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ReadJoin;

/// <summary>Joins (<c>/streams/join</c>) and their long-polls (checklist rows 7, 18-25 of the protocol reference), each over a fresh store.</summary>
public sealed class ReadJoinTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public ReadJoinTests() => _client = _factory.CreateClient();

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
    public async Task Join_And_Category_ReturnGlobalOrder_IncludingNestedCategories()
    {
        await OrdersFixture();

        var join = await _client.GetAsync("/streams/join?streams=orders-1,orders-2");
        var category = await _client.ReadLinesAsync("/streams/category/orders");
        var nested = await _client.ReadLinesAsync("/streams/category/orders/eu");

        Assert.Equal(["orders-1", "orders-2", "orders-1"], (await join.LinesAsync()).Field("stream"));
        Assert.Equal("[\"orders-1\",\"orders-2\"]", join.Header("x-event-store-selector"));
        Assert.Equal(["orders-1", "orders-2", "orders-1", "orders/eu/1", "orders/eu/2"], category.Field("stream"));
        Assert.Equal(["orders/eu/1", "orders/eu/2"], nested.Field("stream"));
    }

    [Fact]
    public async Task Join_AllSelectors_FollowTheNormalizationRules()
    {
        await OrdersFixture();

        var orAll = await _client.ReadLinesAsync("/streams/join?streams=_all,orders-1");
        var andAll = await _client.ReadLinesAsync("/streams/join?selector=" + Uri.EscapeDataString("[[\"_all\",\"orders-2\"]]"));

        Assert.Equal(5, orAll.Count);
        Assert.Equal(["orders-2"], andAll.Field("stream"));
    }

    [Fact]
    public async Task Join_SingleStream_UsesGlobalWindows()
    {
        await OrdersFixture();

        var lines = await _client.ReadLinesAsync("/streams/join/from/3/until/3?streams=orders-1");

        Assert.Equal(["OrderConfirmed"], lines.Field("payload.type"));
    }

    [Fact]
    public async Task Join_NestedSelectorAlgebra_IntersectsTagsAndTypes()
    {
        await OrdersFixture();

        var lines = await _client.ReadLinesAsync("/streams/join?selector=" + Uri.EscapeDataString("[[\"tags/featured\",\"tags/eu\",[\"OrderPlaced\"]]]"));

        Assert.Equal(["1"], lines.Field("payload.orderId"));
    }

    [Fact]
    public async Task Join_MissingStreams_AreEmpty()
    {
        await OrdersFixture();

        var lines = await _client.ReadLinesAsync("/streams/join?streams=orders-1,orders-missing");

        Assert.Equal(["orders-1", "orders-1"], lines.Field("stream"));
    }

    [Theory]
    [InlineData("/streams/join", "streams or selector query parameter is required.")]
    [InlineData("/streams/join?streams=orders..1", "streams must use segments that start with a letter or number and may contain letters, numbers, \"_\", and separators: / : @ ~ + = - # .")]
    [InlineData("/streams/join?selector=%5B%5D", "selector must be a non-empty selector array or stream name.")]
    [InlineData("/streams/join?selector=%7Bbad", "Invalid selector.")]
    [InlineData("/streams/join?streams=a&filter=%7Bbad", "Invalid filter.")]
    public async Task Join_BadInput_Is400(string url, string error)
    {
        var response = await _client.GetAsync(url);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task Join_UnknownPathPair_Is404()
    {
        var response = await _client.GetAsync("/streams/join/sideways/2?streams=a");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route.");
    }

    [Fact]
    public async Task Join_LongPoll_TimesOutWith408WhenNothingArrives()
    {
        using var factory = new ApiFactory().WithShortPollTimeouts();
        var client = factory.CreateClient();
        await client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}");

        var response = await client.GetAsync("/streams/join/from/2/until/99?streams=orders-1");

        await response.AssertProblemAsync(HttpStatusCode.RequestTimeout, "did not reach version", exact: false);
    }

    [Fact]
    public async Task Join_LongPoll_WakesOnAMemberStreamOnly()
    {
        await _client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}");

        var reading = await _factory.StartLongPollAsync(_client, "/streams/join/from/2/until/3?streams=orders-1");
        await _client.CommitAsync("unrelated-1", "{\"type\":\"Noise\"}");
        await _client.CommitAsync("orders-1", "{\"type\":\"OrderConfirmed\"}");
        var response = await reading;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["OrderConfirmed"], (await response.LinesAsync()).Field("payload.type"));
    }
}
