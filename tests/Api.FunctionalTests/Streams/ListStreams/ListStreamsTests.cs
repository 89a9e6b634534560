using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ListStreams;

/// <summary><c>GET /streams</c>: each stream's name, closed flag, version and metadata.</summary>
public sealed class ListStreamsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public ListStreamsTests(ApiFactory factory) => _client = factory.CreateClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task ListStreams_ShowsNameClosedVersionAndMetadata()
    {
        var open = Unique("listed");
        var closed = Unique("sealed");
        await _client.CommitAsync(open, "{\"type\":\"Listed\"}", "{}");
        await _client.CommitAsync(closed, "{}");
        await _client.PostAsync($"/streams/{closed}/close", null);

        var list = (await (await _client.GetAsync("/streams")).JsonAsync())["streams"]!.AsArray();

        var openItem = list.Single(s => s!["stream"]!.GetValue<string>() == open)!;
        Assert.False(openItem["closed"]!.GetValue<bool>());
        Assert.Equal(2, openItem["version"]!.GetValue<long>());
        Assert.Equal("write", openItem["metadata"]!["kind"]!.GetValue<string>());
        Assert.True(list.Single(s => s!["stream"]!.GetValue<string>() == closed)!["closed"]!.GetValue<bool>());
        Assert.Contains(list, s => s!["stream"]!.GetValue<string>() == "Listed" && s["metadata"]!["kind"]!.GetValue<string>() == "type");
        Assert.DoesNotContain(list, s => s!["stream"]!.GetValue<string>().StartsWith('_'));
    }
}
