using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.CloseStream;

/// <summary><c>POST /streams/{stream}/close</c>.</summary>
public sealed class CloseStreamTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public CloseStreamTests(ApiFactory factory) => _client = factory.CreateClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Close_SealsTheStream()
    {
        var stream = Unique("close");
        await _client.CommitAsync(stream, "{}");

        var closed = await _client.PostAsync($"/streams/{stream}/close", null);
        var again = await _client.PostAsync($"/streams/{stream}/close", null);
        var commit = await _client.PostJsonAsync($"/streams/{stream}/commit", "{\"events\":[{}]}");
        var missing = await _client.PostAsync($"/streams/{Unique("missing")}/close", null);

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal($"{{\"stream\":\"{stream}\",\"closed\":true}}", (await closed.JsonAsync()).ToJsonString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, $"Stream \"{stream}\" is already closed.");
        await commit.AssertProblemAsync(HttpStatusCode.Conflict, "already closed", exact: false);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "does not exist", exact: false);
        Assert.Single(await _client.ReadLinesAsync($"/streams/{stream}"));
    }
}
