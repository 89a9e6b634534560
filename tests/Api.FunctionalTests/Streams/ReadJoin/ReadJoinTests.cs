using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ReadJoin;

/// <summary>Joins, categories and derived streams (checklist rows 7, 18-25 of the protocol reference), each over a fresh store.</summary>
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

    [Fact]
    public async Task PutStream_CreatesAMatcherStream_ThatReadsFiltered()
    {
        await _client.CommitAsync("users-1", "{\"type\":\"UserCreated\"}");
        await _client.CommitAsync("users-2", "{\"type\":\"UserCreated\"}");
        await _client.CommitAsync("users-1", "{\"type\":\"UserEmailUpdated\",\"email\":\"a@b\"}");

        var created = await _client.PutJsonAsync("/streams/users", "{\"stream\":[\"users-1\"]}");
        await _client.CommitAsync("users-1", "{\"type\":\"UserEmailUpdated\",\"email\":\"c@d\"}");
        var filter = Uri.EscapeDataString("{\"payload\":{\"type\":\"UserEmailUpdated\"}}");
        var response = await _client.GetAsync($"/streams/users/backwards/2?filter={filter}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("{\"stream\":\"users\",\"version\":2}", (await created.JsonAsync()).ToJsonString());
        Assert.Equal("application/x-ndjson; charset=utf-8", response.Content.Headers.GetValues("Content-Type").Single());
        Assert.Equal(["c@d", "a@b"], (await response.LinesAsync()).Field("payload.email"));
    }

    [Theory]
    [InlineData("", "Stream creation requires a matcher object.")]
    [InlineData("{}", "Stream creation requires a non-empty matcher", false)]
    [InlineData("{\"matcher\":{}}", "Stream creation requires a non-empty matcher", false)]
    [InlineData("[1]", "matcher must be a JSON object.")]
    [InlineData("{\"payload\":{\"n\":{\"$foo\":1}}}", "$foo", false)]
    [InlineData("{bad", "Invalid matcher.")]
    public async Task PutStream_BadMatcher_Is400AndCreatesNothing(string body, string error, bool exact = true)
    {
        var response = await _client.PutAsync("/streams/derived-bad", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error, exact);
        await (await _client.GetAsync("/streams/derived-bad/version")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutStream_Twice_Is409()
    {
        await _client.PutJsonAsync("/streams/twice", "{\"matcher\":{\"stream\":\"x\"}}");

        var again = await _client.PutJsonAsync("/streams/twice", "{\"matcher\":{\"stream\":\"x\"}}");

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "Can not recreate stream!", exact: false);
    }

    [Fact]
    public async Task StreamList_ShowsTheMatcherOfDerivedStreams()
    {
        await _client.PutJsonAsync("/streams/only-paid", "{\"payload\":{\"type\":\"Paid\"}}");

        var list = (await (await _client.GetAsync("/streams")).JsonAsync())["streams"]!.AsArray();

        var derived = list.Single(s => s!["stream"]!.GetValue<string>() == "only-paid")!;
        Assert.Equal("derived", derived["metadata"]!["kind"]!.GetValue<string>());
        Assert.Equal("{\"payload\":{\"type\":\"Paid\"}}", derived["metadata"]!["matcher"]!.ToJsonString());
        Assert.Equal(0, derived["version"]!.GetValue<long>());
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
