using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ListStreams;

/// <summary><c>GET /streams</c> shows the matcher of derived streams, over a fresh store.</summary>
public sealed class ListDerivedStreamsTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly HttpClient _client;

    public ListDerivedStreamsTests() => _client = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

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
}
