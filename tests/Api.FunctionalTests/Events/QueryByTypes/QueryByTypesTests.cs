using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Events.QueryByTypes;

/// <summary>The DCB read <c>/query</c>, its condition header, and commits carrying a condition (checklist rows 26-30).</summary>
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

    [Fact]
    public async Task DecideThenCommit_ConditionFromTheHeader_ProtectsTheDecision()
    {
        await Fixture();
        var query = await _client.GetAsync("/query?types=OrderPlaced");
        var condition = query.Headers.GetValues("x-event-store-query-condition").Single();

        var first = await _client.PostJsonAsync("/streams/orders-3/commit", $"{{\"events\":[{{\"type\":\"OrderPlaced\",\"orderId\":\"3\"}}],\"condition\":{condition}}}");
        var stale = await _client.PostJsonAsync("/streams/orders-4/commit", $"{{\"events\":[{{\"type\":\"OrderPlaced\",\"orderId\":\"4\"}}],\"condition\":{System.Text.Json.JsonSerializer.Serialize(condition)}}}");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await stale.AssertProblemAsync(HttpStatusCode.Conflict, "Optimistic Concurrency error. A conflicting event was committed since the condition was obtained.");
        await (await _client.GetAsync("/streams/orders-4")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Condition_WithMatcher_IgnoresEventsThatDoNotMatch()
    {
        await Fixture();
        var query = await _client.GetAsync("/query?types=OrderPlaced&filter=" + Uri.EscapeDataString("{\"payload\":{\"orderId\":\"9\"}}"));
        var condition = query.Headers.GetValues("x-event-store-query-condition").Single();

        var unrelated = await _client.PostJsonAsync("/streams/orders-5/commit", $"{{\"events\":[{{\"type\":\"OrderPlaced\",\"orderId\":\"5\"}}],\"condition\":{condition}}}");
        var related = await _client.PostJsonAsync("/streams/orders-9/commit", $"{{\"events\":[{{\"type\":\"OrderPlaced\",\"orderId\":\"9\"}}],\"condition\":{condition}}}");
        var conflict = await _client.PostJsonAsync("/streams/orders-9/commit", $"{{\"events\":[{{\"type\":\"OrderPlaced\",\"orderId\":\"9\"}}],\"condition\":{condition}}}");

        Assert.Equal(HttpStatusCode.Created, unrelated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, related.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task Condition_TenConcurrentCommits_ExactlyOneWins_UnlessTheirEventsDoNotMatch()
    {
        await Fixture();
        var query = await _client.GetAsync("/query?types=SeatReserved");
        var condition = query.Headers.GetValues("x-event-store-query-condition").Single();

        var matching = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _client.PostJsonAsync($"/streams/seat-{i}/commit", $"{{\"events\":[{{\"type\":\"SeatReserved\"}}],\"condition\":{condition}}}")));
        var other = await (await _client.GetAsync("/query?types=Waitlisted")).Content.ReadAsStringAsync();
        var otherCondition = (await _client.GetAsync("/query?types=Waitlisted")).Headers.GetValues("x-event-store-query-condition").Single();
        var notMatching = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            _client.PostJsonAsync($"/streams/wait-{i}/commit", $"{{\"events\":[{{\"type\":\"Noted\"}}],\"condition\":{otherCondition}}}")));

        Assert.Equal(1, matching.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(9, matching.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Empty(other);
        Assert.All(notMatching, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
    }

    [Theory]
    [InlineData("{\"noneMatchAfter\":1}", "condition.selector (or condition.types) is required.")]
    [InlineData("{\"selector\":[\"A\"],\"noneMatchAfter\":\"x\"}", "condition.noneMatchAfter must be a non-negative integer.")]
    [InlineData("{\"selector\":[],\"noneMatchAfter\":1}", "condition.selector must be a non-empty selector array or stream name.")]
    [InlineData("{\"selector\":[\"A\"],\"noneMatchAfter\":1,\"matcher\":{\"payload\":{\"x\":{\"$foo\":1}}}}", "$foo", false)]
    [InlineData("{\"selector\":[\"A\"],\"noneMatchAfter\":1,\"matcher\":\"{bad\"}", "Invalid condition.matcher.")]
    [InlineData("\"{bad\"", "Invalid condition.")]
    [InlineData("null", "condition must be a JSON object.")]
    public async Task Commit_MalformedCondition_Is400AndWritesNothing(string condition, string error, bool exact = true)
    {
        var response = await _client.PostJsonAsync("/streams/guarded/commit", $"{{\"events\":[{{\"type\":\"A\"}}],\"condition\":{condition}}}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error, exact);
        await (await _client.GetAsync("/streams/guarded")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Commit_LegacyTypesCondition_IsAccepted()
    {
        var response = await _client.PostJsonAsync("/streams/legacy/commit", "{\"events\":[{\"type\":\"A\"}],\"condition\":{\"types\":[\"A\"],\"noneMatchAfter\":0}}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
