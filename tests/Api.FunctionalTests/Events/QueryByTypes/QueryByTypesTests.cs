using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Events.QueryByTypes;

/// <summary>The DCB read <c>/query</c> and its condition header (checklist rows 26-28), each over a fresh store.</summary>
public sealed class QueryByTypesTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public QueryByTypesTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task Fixture()
    {
        await _client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\",\"orderId\":\"1\",\"amount\":50,\"tags\":[\"featured\"]}");
        await _client.CommitAsync("orders-2", "{\"type\":\"OrderPlaced\",\"orderId\":\"2\",\"amount\":150,\"tags\":[\"beta\"]}");
    }

    private static JsonObject Condition(HttpResponseMessage response) =>
        JsonNode.Parse(response.Headers.GetValues("x-event-store-query-condition").Single())!.AsObject();

    [Fact]
    public async Task Query_ByTypes_ReturnsEventsAndTheConditionHeader()
    {
        await Fixture();

        var response = await _client.GetAsync("/query?types=OrderPlaced&filter=" + Uri.EscapeDataString("{\"payload\":{\"orderId\":\"2\"}}"));

        Assert.Equal("{\"selector\":[\"OrderPlaced\"],\"noneMatchAfter\":2,\"matcher\":{\"payload\":{\"orderId\":\"2\"}}}", Condition(response).ToJsonString());
        Assert.Equal(["2"], (await response.LinesAsync()).Field("payload.orderId"));
    }

    [Fact]
    public async Task Query_OperatorMatchers_AndHasAny()
    {
        await Fixture();

        var gte = await _client.ReadLinesAsync("/query?types=OrderPlaced&filter=" + Uri.EscapeDataString("{\"payload\":{\"amount\":{\"$gte\":100}}}"));
        var hasAny = await _client.ReadLinesAsync("/query?types=OrderPlaced&filter=" + Uri.EscapeDataString("{\"payload\":{\"tags\":{\"$hasAny\":[\"featured\",\"gamma\"]}}}"));

        Assert.Equal(["150"], gte.Field("payload.amount"));
        Assert.Equal(["1"], hasAny.Field("payload.orderId"));
    }

    [Fact]
    public async Task Query_DcbShorthand_CompilesTagsAndTypes()
    {
        await Fixture();

        var response = await _client.GetAsync("/query?query=" + Uri.EscapeDataString("{\"items\":[{\"types\":[\"OrderPlaced\"],\"tags\":[\"featured\"]}]}"));

        Assert.Equal("[[\"tags/featured\",\"OrderPlaced\"]]", Condition(response)["selector"]!.ToJsonString());
        Assert.Equal(["1"], (await response.LinesAsync()).Field("payload.orderId"));
    }

    [Fact]
    public async Task Query_MissingTypes_AreEmpty()
    {
        await Fixture();

        var response = await _client.GetAsync("/query?types=MissingType");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.LinesAsync());
        Assert.Equal(2, Condition(response)["noneMatchAfter"]!.GetValue<long>());
    }

    [Fact]
    public async Task Query_FromRevision_ReadsFromThatGlobalPosition()
    {
        await Fixture();

        var fromTwo = await _client.ReadLinesAsync("/query/from/2?types=OrderPlaced");
        var fromEnd = await _client.GetAsync("/query/from/end?types=OrderPlaced");

        Assert.Equal(["2"], fromTwo.Field("payload.orderId"));
        Assert.Equal(["2"], (await fromEnd.LinesAsync()).Field("payload.orderId"));
        Assert.Equal(2, Condition(fromEnd)["noneMatchAfter"]!.GetValue<long>());
    }

    [Fact]
    public async Task Query_PostBody_TakesADcbQueryAndAMatcher()
    {
        await Fixture();

        var response = await _client.PostJsonAsync("/query", "{\"query\":{\"items\":[{\"types\":[\"OrderPlaced\"]}]},\"matcher\":{\"payload\":{\"amount\":{\"$lt\":100}}}}");

        Assert.Equal(["1"], (await response.LinesAsync()).Field("payload.orderId"));
        Assert.Equal("{\"payload\":{\"amount\":{\"$lt\":100}}}", Condition(response)["matcher"]!.ToJsonString());
    }

    [Fact]
    public async Task Query_GetWithBody_IsReadLikeTheOriginal()
    {
        await Fixture();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/query?filter=" + Uri.EscapeDataString("{\"payload\":{\"orderId\":\"1\"}}"))
        {
            Content = new StringContent("{\"items\":[{\"types\":[\"OrderPlaced\"]}],\"matcher\":{\"payload\":{\"orderId\":\"2\"}}}", System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await _client.SendAsync(request);

        Assert.Equal(["2"], (await response.LinesAsync()).Field("payload.orderId"));
    }

    [Fact]
    public async Task Query_NonAsciiFilter_GivesAnAsciiHeaderThatRoundTrips()
    {
        await _client.CommitAsync("cafe-1", "{\"type\":\"Ordered\",\"drink\":\"caf\u00e9 cr\u00e8me\"}");

        var response = await _client.GetAsync("/query?types=Ordered&filter=" + Uri.EscapeDataString("{\"payload\":{\"drink\":\"caf\u00e9 cr\u00e8me\"}}"));
        var header = response.Headers.GetValues("x-event-store-query-condition").Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(header, c => Assert.True(c < 0x80));
        Assert.Equal("caf\u00e9 cr\u00e8me", JsonNode.Parse(header)!["matcher"]!["payload"]!["drink"]!.GetValue<string>());
        Assert.Single(await response.LinesAsync());
    }

    [Theory]
    [InlineData("/query", "types, selector, or query parameter is required.")]
    [InlineData("/query?query=%7Bbad", "Invalid query.")]
    [InlineData("/query?query=%7B%22items%22%3A%5B%5D%7D", "query must be a DCB query object with a non-empty items array.")]
    [InlineData("/query?query=%7B%22items%22%3A%5B%7B%22types%22%3A%5B1%5D%7D%5D%7D", "query.items[0].types", false)]
    [InlineData("/query?types=Order..Placed", "types must use segments", false)]
    [InlineData("/query/from/0?types=A", "from must not be 0.")]
    [InlineData("/query?types=A&filter=%5B%5D", "filter must be a JSON object.")]
    public async Task Query_BadInput_Is400(string url, string error, bool exact = true)
    {
        var response = await _client.GetAsync(url);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error, exact);
    }
}
