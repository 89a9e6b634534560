using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.CreateStream;

/// <summary><c>PUT /streams/{stream}</c> with a matcher creates a derived stream, each over a fresh store.</summary>
public sealed class CreateStreamTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public CreateStreamTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

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
}
