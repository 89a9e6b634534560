using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Consumers.WaitForConsumer;

/// <summary>
/// Consumer waits end when nothing can come. The poll timeouts of the test factory are a minute and every request here
/// has a 30 s deadline, so a wait that sat until its timeout fails the test instead of passing slowly.
/// </summary>
public sealed class WaitForConsumerEndTests : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public WaitForConsumerEndTests(ApiFactory factory)
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
    public async Task ConsumerWait_PastTheEndOfAClosedStream_Is409AtOnce()
    {
        var stream = await ClosedStreamAsync(2);
        var consumer = Unique("reader");
        await _client.StartConsumerAsync($"{consumer}/stream/{stream}", ConsumerApi.Counter);

        var reached = await _client.AfterAsync(consumer, 2);
        var never = await _client.GetAsync($"/consumers/{consumer}/after/3");

        Assert.Equal(2, reached["position"]!.GetValue<long>());
        await never.AssertProblemAsync(HttpStatusCode.Conflict, $"Consumer \"{consumer}\" will never reach version 3: its stream \"{stream}\" is closed at version 2.");
    }

    [Fact]
    public async Task ConsumerWait_StreamClosedWhileWaiting_Is409()
    {
        var stream = Unique("consumed");
        await _client.CommitAsync(stream, "{\"type\":\"T\"}");
        var consumer = Unique("reader");
        await _client.StartConsumerAsync($"{consumer}/stream/{stream}", ConsumerApi.Counter);
        await _client.AfterAsync(consumer, 1);

        var waiting = await _factory.StartLongPollAsync(_client, $"/consumers/{consumer}/after/5");
        await _client.PostAsync($"/streams/{stream}/close", null);

        await (await waiting).AssertProblemAsync(HttpStatusCode.Conflict, $"Consumer \"{consumer}\" will never reach version 5: its stream \"{stream}\" is closed at version 1.");
    }
}
