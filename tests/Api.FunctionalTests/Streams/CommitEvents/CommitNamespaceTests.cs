using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.CommitEvents;

/// <summary>
/// Derived streams are read-only views: no client writes into a stream except by committing to it, neither through an
/// event's type or tags nor by committing to a type, tag or matcher stream. Every refusal writes nothing.
/// </summary>
public sealed class CommitNamespaceTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public CommitNamespaceTests(ApiFactory factory) => _client = factory.CreateClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task AssertRefusedAsync(string url, string body, HttpStatusCode status, string error)
    {
        var before = await StoreSnapshot.TakeAsync(_client);

        var response = await _client.PostJsonAsync(url, body);

        await response.AssertProblemAsync(status, error);
        await StoreSnapshot.AssertUnchangedAsync(_client, before);
    }

    [Fact]
    public async Task Commit_TypeNamingAnotherWriteStream_Is400AndTheOwnersNextCommitStillFits()
    {
        var account = Unique("account");
        await _client.PostJsonAsync($"/streams/{account}/commit", "{\"events\":[{\"type\":\"Opened\"}],\"expectedVersion\":\"empty\"}");

        await AssertRefusedAsync(
            $"/streams/{Unique("mallory")}/commit",
            $"{{\"events\":[{{\"type\":\"Noop\"}},{{\"type\":\"{account}\"}}]}}",
            HttpStatusCode.BadRequest,
            $"events[1]: the type \"{account}\" names a write stream; an event's type may only name a type stream.");
        var owner = await _client.PostJsonAsync($"/streams/{account}/commit", "{\"events\":[{\"type\":\"Deposited\"}],\"expectedVersion\":1}");

        Assert.Equal(HttpStatusCode.Created, owner.StatusCode);
        Assert.Equal([account, account], (await _client.ReadLinesAsync($"/streams/{account}")).Field("stream"));
    }

    [Fact]
    public async Task Commit_TypeNamingAClosedWriteStream_Is400()
    {
        var account = Unique("account");
        await _client.CommitAsync(account, "{\"type\":\"Opened\"}");
        await _client.PostAsync($"/streams/{account}/close", null);

        await AssertRefusedAsync(
            $"/streams/{Unique("mallory")}/commit",
            $"{{\"events\":[{{\"type\":\"{account}\"}}]}}",
            HttpStatusCode.BadRequest,
            $"events[0]: the type \"{account}\" names a write stream; an event's type may only name a type stream.");
    }

    [Fact]
    public async Task Commit_TypeUnderTags_CannotForgeATagStream()
    {
        var tag = Unique("vip");

        await AssertRefusedAsync(
            $"/streams/{Unique("mallory")}/commit",
            $"{{\"events\":[{{\"type\":\"tags/{tag}\"}}]}}",
            HttpStatusCode.BadRequest,
            $"events[0]: the type \"tags/{tag}\" is under \"tags/\": a type may not name a tag stream");
        await (await _client.GetAsync($"/streams/tags/{tag}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Commit_TypeThatIsTheCommitsOwnStream_Is400()
    {
        var stream = Unique("orders");

        await AssertRefusedAsync(
            $"/streams/{stream}/commit",
            $"{{\"events\":[{{\"type\":\"{stream}\"}}]}}",
            HttpStatusCode.BadRequest,
            $"events[0]: the type \"{stream}\" is the stream this commit writes to; one name cannot be both a write stream and a type stream.");
    }

    [Fact]
    public async Task Commit_ToATypeStream_Is409NamingItsKind()
    {
        var type = Unique("OrderPlaced");
        await _client.CommitAsync(Unique("orders"), $"{{\"type\":\"{type}\"}}");
        var before = await StoreSnapshot.TakeAsync(_client);

        var response = await _client.PostJsonAsync($"/streams/{type}/commit", "{\"events\":[{\"type\":\"Foreign\"}]}");

        var problem = await response.AssertProblemAsync(
            HttpStatusCode.Conflict,
            $"Stream \"{type}\" is a type stream: only the store writes to it (from the events' types). Commit to a write stream.");
        Assert.Equal("stream-read-only", problem["code"]!.GetValue<string>());
        Assert.Equal("type", problem["kind"]!.GetValue<string>());
        Assert.Equal(type, problem["stream"]!.GetValue<string>());
        await StoreSnapshot.AssertUnchangedAsync(_client, before);
    }

    [Fact]
    public async Task Commit_ToATagStream_Is400()
    {
        await _client.CommitAsync(Unique("orders"), "{\"type\":\"OrderPlaced\",\"tags\":[\"vip\"]}");

        await AssertRefusedAsync(
            "/streams/tags/vip/commit",
            "{\"events\":[{\"type\":\"Foreign\"}]}",
            HttpStatusCode.BadRequest,
            "stream \"tags/vip\" is under \"tags/\": tag streams are written only by the store, from the events' tags.");
    }

    [Fact]
    public async Task Commit_ToAMatcherStream_Is409()
    {
        var matcher = Unique("big");
        var created = await _client.PutJsonAsync($"/streams/{matcher}", "{\"payload\":{\"amount\":{\"$gte\":100}}}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await AssertRefusedAsync(
            $"/streams/{matcher}/commit",
            "{\"events\":[{\"type\":\"Foreign\",\"amount\":1}]}",
            HttpStatusCode.Conflict,
            $"Stream \"{matcher}\" is a matcher stream: only the store writes to it (from its matcher). Commit to a write stream.");
    }

    [Theory]
    [InlineData("join/x", "its first segment \"join\" is the route /streams/join")]
    [InlineData("category/x", "its first segment \"category\" is the route /streams/category")]
    [InlineData("orders/version", "its last segment \"version\" is the route /streams/{stream}/version")]
    [InlineData("orders/from/3", "it ends in \"from/3\", which a read of /streams/{stream} takes for a read window")]
    public async Task Commit_ToAReservedName_Is400(string name, string reason)
    {
        await AssertRefusedAsync($"/streams/{name}/commit", "{\"events\":[{\"type\":\"T\"}]}", HttpStatusCode.BadRequest, $"stream \"{name}\" is a reserved name: {reason}.");
    }

    [Fact]
    public async Task Condition_NoneMatchAfterPastTheHead_Is400NamingTheHead()
    {
        await _client.CommitAsync(Unique("orders"), "{\"type\":\"OrderPlaced\"}");
        var head = (await (await _client.GetAsync("/streams/_all/version")).JsonAsync())["version"]!.GetValue<long>();

        await AssertRefusedAsync(
            $"/streams/{Unique("orders")}/commit",
            "{\"events\":[{\"type\":\"OrderPlaced\"}],\"condition\":{\"selector\":[\"OrderPlaced\"],\"noneMatchAfter\":999999999}}",
            HttpStatusCode.BadRequest,
            $"condition.noneMatchAfter is 999999999, past the head of the log ({head}): a condition comes from a read of this store (GET /query), so it never lies beyond its head.");
    }
}
