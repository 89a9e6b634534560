using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ReadStream;

/// <summary>
/// Stream reads end when nothing can come. The poll timeouts of the test factory are a minute and every request here
/// has a 30 s deadline, so a wait that sat until its timeout fails the test instead of passing slowly.
/// </summary>
public sealed class ReadStreamEndTests : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public ReadStreamEndTests(ApiFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
        _client.Timeout = Deadline;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<string> ClosedStreamAsync(int events)
    {
        var stream = Unique("closed");
        for (var i = 0; i < events; i++)
        {
            await _client.CommitAsync(stream, $"{{\"type\":\"T\",\"n\":{i + 1}}}");
        }

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/streams/{stream}/close", null)).StatusCode);
        return stream;
    }

    [Fact]
    public async Task Read_PastTheEndOfAClosedStream_Is409AtOnce()
    {
        var stream = await ClosedStreamAsync(1);

        var response = await _client.GetAsync($"/streams/{stream}/from/2");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, $"Stream \"{stream}\" is closed at version 1; it will never reach version 2.");
        Assert.Equal("stream-closed", problem["code"]!.GetValue<string>());
        Assert.Equal(1, problem["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Read_WindowPartlyPastTheEndOfAClosedStream_ReturnsWhatExistsAtOnce()
    {
        var stream = await ClosedStreamAsync(3);

        var lines = await _client.ReadLinesAsync($"/streams/{stream}/from/2/until/10");

        Assert.Equal(["2", "3"], lines.Field("payload.n"));
    }

    [Fact]
    public async Task Read_StreamClosedWhileWaiting_EndsTheWaitAt409()
    {
        var stream = Unique("closing");
        await _client.CommitAsync(stream, "{\"type\":\"T\"}");

        var reading = await _factory.StartLongPollAsync(_client, $"/streams/{stream}/from/2");
        await _client.PostAsync($"/streams/{stream}/close", null);

        await (await reading).AssertProblemAsync(HttpStatusCode.Conflict, $"Stream \"{stream}\" is closed at version 1; it will never reach version 2.");
    }
}
