using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// JSON strings with an unpaired surrogate escape (<c>"\ud800"</c>): valid JSON that System.Text.Json cannot unescape
/// (it throws <see cref="InvalidOperationException"/>). Where the server only compares a name, such a name is simply
/// another name and the request works; where it needs the string (a type, a tag, a matcher or handler source), the
/// request is a 400 that writes nothing. Never a 500. Found by the hostile input suite.
/// </summary>
public sealed class UnpairedSurrogateTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Lone = "\\ud800";
    private readonly HttpClient _client = factory.CreateClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Theory]
    [InlineData("{\"type\":\"SurrogateTested\",\"tags\":[\"" + Lone + "\"]}", "events[0]: Invalid stream name \"tags/" + Lone + "\" derived from path \"tags\".")]
    [InlineData("{\"type\":\"" + Lone + "\"}", "events[0]: Invalid stream name \"" + Lone + "\" derived from path \"type\".")]
    public async Task Commit_TypeOrTagWithAnUnpairedSurrogate_Is400AndWritesNothing(string @event, string error)
    {
        var before = await StoreSnapshot.TakeAsync(_client);

        var response = await _client.PostJsonAsync($"/streams/{Unique("s")}/commit", $"{{\"events\":[{@event}]}}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error);
        await StoreSnapshot.AssertUnchangedAsync(_client, before);
    }

    [Fact]
    public async Task Commit_NamesWithAnUnpairedSurrogate_AreOtherNames_AndTheEventIsStoredAsSent()
    {
        var stream = Unique("s");
        var @event = $"{{\"{Lone}\":1,\"type\":\"SurrogateTested\",\"tags\":[\"eu\"],\"s\":\"{Lone}\"}}";

        var response = await _client.PostJsonAsync(
            $"/streams/{stream}/commit",
            $"{{\"{Lone}\":0,\"events\":[{@event}],\"metadata\":{{\"{Lone}\":\"{Lone}\"}},\"expectedVersion\":\"empty\"}}");
        var body = await response.Content.ReadAsStringAsync();
        var lines = await (await _client.GetAsync($"/streams/{stream}")).Content.ReadAsStringAsync();
        var typed = await (await _client.GetAsync("/streams/SurrogateTested/backwards/1")).Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        Assert.Contains($"\"{Lone}\":\"{Lone}\",\"streamName\"", body, StringComparison.Ordinal);
        Assert.Contains($"\"payload\":{@event}", lines, StringComparison.Ordinal);
        Assert.Contains($"\"{Lone}\":\"{Lone}\",\"streamVersion\":0", lines, StringComparison.Ordinal);
        Assert.Contains($"\"stream\":\"{stream}\"", typed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_ConditionWithAnUnpairedSurrogate_IsReadOr400()
    {
        var stream = Unique("s");

        var extraKey = await _client.PostJsonAsync(
            $"/streams/{stream}/commit",
            $"{{\"events\":[{{\"type\":\"SurrogateTested\"}}],\"condition\":{{\"{Lone}\":1,\"selector\":\"{stream}\",\"noneMatchAfter\":0}}}}");
        var before = await StoreSnapshot.TakeAsync(_client);
        var matcher = await _client.PostJsonAsync(
            $"/streams/{stream}/commit",
            $"{{\"events\":[{{\"type\":\"SurrogateTested\"}}],\"condition\":{{\"selector\":\"{stream}\",\"noneMatchAfter\":0,\"matcher\":\"{Lone}\"}}}}");

        Assert.Equal(HttpStatusCode.Created, extraKey.StatusCode);
        await matcher.AssertProblemAsync(HttpStatusCode.BadRequest, "Invalid condition.matcher.");
        await StoreSnapshot.AssertUnchangedAsync(_client, before);
    }

    [Fact]
    public async Task MatcherStream_WithAnUnpairedSurrogate_IsReadOr400()
    {
        var extraKey = await _client.PutJsonAsync($"/streams/{Unique("m")}", $"{{\"{Lone}\":1,\"matcher\":{{\"payload\":{{\"type\":\"SurrogateTested\"}}}}}}");
        var before = await StoreSnapshot.TakeAsync(_client);
        var matcher = await _client.PutJsonAsync($"/streams/{Unique("m")}", $"{{\"matcher\":\"{Lone}\"}}");

        Assert.Equal(HttpStatusCode.Created, extraKey.StatusCode);
        await matcher.AssertProblemAsync(HttpStatusCode.BadRequest, "Invalid matcher.");
        await StoreSnapshot.AssertUnchangedAsync(_client, before);
    }

    [Fact]
    public async Task Query_BodyMatcherStringWithAnUnpairedSurrogate_Is400()
    {
        var response = await _client.PostJsonAsync("/query", $"{{\"items\":[{{\"types\":[\"SurrogateTested\"]}}],\"matcher\":\"{Lone}\"}}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Invalid matcher.");
    }

    [Fact]
    public async Task Consumer_InitialStateWithAnUnpairedSurrogate_Is400()
    {
        var stream = Unique("s");
        await _client.CommitAsync(stream, "{\"type\":\"SurrogateTested\"}");
        var consumer = Unique("c");

        var response = await _client.PutConsumerAsync($"{consumer}/stream/{stream}", ConsumerApi.Counter, $"{{\"{Lone}\":1}}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "Consumer state must not hold an unpaired surrogate escape (such as \"\\ud800\").", exact: false);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/consumers/{consumer}")).StatusCode);
    }

    [Fact]
    public async Task Consumer_HandlerReturningAnUnpairedSurrogate_Faults_AndStaysReadable()
    {
        var stream = Unique("s");
        await _client.CommitAsync(stream, "{\"type\":\"SurrogateTested\"}");
        var consumer = Unique("c");

        await _client.StartConsumerAsync($"{consumer}/stream/{stream}", "(e, s) => ({ k: '\\ud800', ['\\udfff']: 1 })");
        var faulted = await _client.FaultedAsync(consumer);
        var list = await _client.GetAsync("/consumers");

        Assert.Equal("the handler returned a state with an unpaired surrogate (such as \"\\ud800\"), which cannot be written back as JSON.", faulted["error"]!.GetValue<string>());
        Assert.Equal("{}", faulted["state"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Consumer_HandlerWithAnUnpairedSurrogate_Is400_AndAnOtherKeyIsIgnored()
    {
        var stream = Unique("s");
        await _client.CommitAsync(stream, "{\"type\":\"SurrogateTested\"}");

        var handler = await _client.PutJsonAsync($"/consumers/{Unique("c")}/stream/{stream}", $"{{\"handler\":\"(e, s) => '{Lone}'\"}}");
        var extraKey = await _client.PutJsonAsync($"/consumers/{Unique("c")}/stream/{stream}", $"{{\"{Lone}\":1,{ConsumerApi.Body(ConsumerApi.Counter)[1..]}");

        await handler.AssertProblemAsync(HttpStatusCode.BadRequest, "handler must be a valid JavaScript function: it holds an unpaired surrogate escape (such as \"\\ud800\").");
        Assert.Equal(HttpStatusCode.Created, extraKey.StatusCode);
    }
}
