using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Consumers.DeleteConsumer;

/// <summary><c>DELETE /consumers/{name}</c>.</summary>
public sealed class DeleteConsumerTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public DeleteConsumerTests(ApiFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task Delete_RemovesTheConsumer_Returns204ThenGet404()
    {
        await _client.CommitAsync("delete-1", "{\"type\":\"A\"}");
        await _client.StartConsumerAsync("deletable/stream/delete-1", ConsumerApi.Counter);

        var deleted = await _client.DeleteAsync("/consumers/deletable");
        var get = await _client.GetAsync("/consumers/deletable");
        var again = await _client.DeleteAsync("/consumers/deletable");
        var list = await (await _client.GetAsync("/consumers")).JsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await get.AssertProblemAsync(HttpStatusCode.NotFound, "Consumer \"deletable\" does not exist.");
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "Consumer \"deletable\" does not exist.");
        Assert.DoesNotContain(list["consumers"]!.AsArray(), c => c!["identifier"]!.GetValue<string>() == "deletable");
    }

    [Fact]
    public async Task Delete_WhileAWaitIsPending_AnswersTheWait404()
    {
        await _client.CommitAsync("delete-wait-1", "{\"type\":\"A\"}");
        await _client.StartConsumerAsync("delete-waited/stream/delete-wait-1", ConsumerApi.Counter);
        await _client.AfterAsync("delete-waited", 1);

        var waiting = await _factory.StartLongPollAsync(_client, "/consumers/delete-waited/after/9");
        await _client.DeleteAsync("/consumers/delete-waited");
        var response = await waiting;

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "Consumer \"delete-waited\" does not exist.");
    }
}
