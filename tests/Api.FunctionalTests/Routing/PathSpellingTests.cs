using System.Net;
using System.Text;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Routing;

/// <summary>
/// One spelling per stream: a path with an empty segment, a leading or trailing separator, an encoded <c>%</c> is a 400
/// on every route, never an alias of another name; a body without a Content-Type is a 415. Over a real Kestrel socket,
/// so that the request target reaches the server as the client wrote it.
/// </summary>
public sealed class PathSpellingTests : IClassFixture<KestrelApiFactory>
{
    private const string Commit = "{\"events\":[{\"type\":\"T\"}]}";
    private readonly KestrelApiFactory _factory;
    private readonly HttpClient _client;

    public PathSpellingTests(KestrelApiFactory factory)
    {
        _factory = factory;
        _client = factory.Client;
    }

    /// <summary>Spellings that would name "{0}/b" or "{0}" if a server dropped empty segments, decoded twice or resolved dot segments.</summary>
    public static TheoryData<string> Spellings => new() { "{0}%2F%2Fb", "%2F{0}", "{0}%2F", "{0}//b", "{0}%2f", "{0}%252Fb", "{0}/./b", "{0}/x/../b", "{0}/%2e%2e/{0}/b" };

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task EveryRoute_RefusesAnotherSpellingOfAName(string spelling)
    {
        var name = Unique("a");
        await _client.CommitAsync(name, "{\"type\":\"T\"}");
        await _client.CommitAsync($"{name}/b", "{\"type\":\"T\"}");
        var before = await StoreSnapshot.TakeAsync(_client);
        var tail = string.Format(System.Globalization.CultureInfo.InvariantCulture, spelling, name);

        var responses = new[]
        {
            await _client.PostAsync(_factory.RawPath($"/streams/{tail}/commit"), Json(Commit)),
            await _client.GetAsync(_factory.RawPath($"/streams/{tail}")),
            await _client.GetAsync(_factory.RawPath($"/streams/{tail}/version")),
            await _client.PostAsync(_factory.RawPath($"/streams/{tail}/close"), null),
            await _client.PutAsync(_factory.RawPath($"/streams/{tail}"), Json("{\"payload\":{\"type\":\"T\"}}")),
            await _client.PutAsync(_factory.RawPath($"/consumers/{Unique("c")}/stream/{tail}"), Json(ConsumerApi.Body(ConsumerApi.Counter))),
            await _client.GetAsync(_factory.RawPath($"/streams/category/{tail}")),
        };

        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        await StoreSnapshot.AssertUnchangedAsync(_client, before);
        var consumers = await (await _client.GetAsync("/consumers")).JsonAsync();
        Assert.Empty(consumers["consumers"]!.AsArray());
    }

    [Fact]
    public async Task Close_WithATrailingEncodedSeparator_DoesNotCloseTheRealStream()
    {
        var name = Unique("keep");
        await _client.CommitAsync(name, "{\"type\":\"T\"}");

        var response = await _client.PostAsync(_factory.RawPath($"/streams/{name}%2F%2F/close"), null);
        var stillOpen = await _client.PostJsonAsync($"/streams/{name}/commit", Commit);

        await response.AssertProblemAsync(
            HttpStatusCode.BadRequest,
            $"The path \"{name}///close\" has an empty segment: stream names have no empty segments and no leading or trailing \"/\" (a stream is named exactly one way, so a path is never rewritten into another name).");
        Assert.Equal(HttpStatusCode.Created, stillOpen.StatusCode);
    }

    [Fact]
    public async Task EncodedSeparator_NamesTheSameStreamAsAPlainOne()
    {
        var name = Unique("orders");

        var encoded = await _client.PostJsonAsync($"/streams/{name}%2Feu/commit", Commit);
        var plain = await _client.GetAsync($"/streams/{name}/eu/version");

        Assert.Equal(HttpStatusCode.Created, encoded.StatusCode);
        Assert.Equal($"{{\"stream\":\"{name}/eu\",\"version\":1}}", await plain.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/streams//commit")]
    [InlineData("/streams/commit")]
    [InlineData("/streams//close")]
    public async Task Post_WithoutAStreamName_Is400(string path)
    {
        var before = await StoreSnapshot.TakeAsync(_client);

        var response = await _client.PostAsync(_factory.RawPath(path), Json(Commit));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        await StoreSnapshot.AssertUnchangedAsync(_client, before);
    }

    [Fact]
    public async Task Bodies_WithoutAContentType_Are415()
    {
        var stream = Unique("typed");
        await _client.CommitAsync(stream, "{\"type\":\"T\"}");
        var before = await StoreSnapshot.TakeAsync(_client);

        var responses = new[]
        {
            await _client.PostAsync($"/streams/{Unique("untyped")}/commit", Untyped(Commit)),
            await _client.PutAsync($"/streams/{Unique("untyped")}", Untyped("{\"payload\":{\"type\":\"T\"}}")),
            await _client.PutAsync($"/consumers/{Unique("c")}/stream/{stream}", Untyped(ConsumerApi.Body(ConsumerApi.Counter))),
            await _client.PostAsync("/query", Untyped("{\"items\":[{\"types\":[\"T\"]}]}")),
        };

        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "The request has no Content-Type; send the JSON body with Content-Type: application/json.");
        }

        await StoreSnapshot.AssertUnchangedAsync(_client, before);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Untyped(string json) => new(Encoding.UTF8.GetBytes(json));
}
