using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.CommitEvents;

/// <summary>Commits carrying a condition, as taken from the <c>/query</c> condition header (checklist rows 29-30), each over a fresh store.</summary>
public sealed class CommitConditionTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public CommitConditionTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private async Task Fixture()
    {
        await _client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\",\"orderId\":\"1\",\"amount\":50,\"tags\":[\"featured\"]}");
        await _client.CommitAsync("orders-2", "{\"type\":\"OrderPlaced\",\"orderId\":\"2\",\"amount\":150,\"tags\":[\"beta\"]}");
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
