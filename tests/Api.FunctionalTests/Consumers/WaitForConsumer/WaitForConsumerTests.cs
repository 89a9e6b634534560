using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Consumers.WaitForConsumer;

/// <summary><c>GET /consumers/{name}/after/{version}</c> (and its README spelling <c>until</c>).</summary>
public sealed class WaitForConsumerTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public WaitForConsumerTests(ApiFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task After_LongPollsUntilTheConsumerReachesTheVersion_Row34()
    {
        await _client.CommitAsync("row34-orders-1", "{\"type\":\"OrderPlaced\"}");
        await _client.StartConsumerAsync("row34-counter/stream/row34-orders-1/from/1", ConsumerApi.Counter);

        var immediate = await _client.GetAsync("/consumers/row34-counter/after/1");
        var waiting = await _factory.StartLongPollAsync(_client, "/consumers/row34-counter/after/2");
        await _client.CommitAsync("row34-orders-1", "{\"type\":\"OrderConfirmed\"}");
        var reached = await waiting;
        var body = await reached.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, immediate.StatusCode);
        Assert.True((await immediate.JsonAsync())["position"]!.GetValue<long>() >= 1);
        Assert.Equal(HttpStatusCode.OK, reached.StatusCode);
        Assert.True(body["position"]!.GetValue<long>() >= 2);
        Assert.Equal(1, body["state"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task After_TimeoutBeforeTheVersion_Returns408_Row35()
    {
        using var factory = new ApiFactory().WithShortPollTimeouts();
        var client = factory.CreateClient();
        await client.CommitAsync("row35-orders-1", "{\"type\":\"OrderPlaced\"}");
        await client.StartConsumerAsync("row35-counter/stream/row35-orders-1", ConsumerApi.Counter);

        var response = await client.GetAsync("/consumers/row35-counter/after/99");

        await response.AssertProblemAsync(HttpStatusCode.RequestTimeout, $"Consumer \"row35-counter\" did not reach version 99 within {ApiFactory.ShortPollTimeoutMs}ms.");
    }

    [Theory]
    [InlineData("after")]
    [InlineData("until")]
    public async Task After_UnknownConsumer_Returns404_Row36(string spelling)
    {
        var response = await _client.GetAsync($"/consumers/nobody-{spelling}/{spelling}/1");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, $"Consumer \"nobody-{spelling}\" does not exist.");
    }

    [Fact]
    public async Task Until_IsTheReadmeSpellingOfAfter()
    {
        await _client.CommitAsync("until-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
        await _client.StartConsumerAsync("until-counter/stream/until-1", ConsumerApi.Counter);

        var response = await _client.GetAsync("/consumers/until-counter/until/2");
        var body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body["position"]!.GetValue<long>());
        Assert.Equal(2, body["state"]!["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task After_BadMinVersion_Returns400(string minVersion)
    {
        var response = await _client.GetAsync($"/consumers/any/after/{minVersion}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "minVersion must be a positive integer.");
    }

    [Fact]
    public async Task After_PendingWhileTheConsumerFaults_Answers409AtOnce()
    {
        await _client.CommitAsync("pending-fault-1", "{\"type\":\"A\"}");
        await _client.StartConsumerAsync("pending-faulty/stream/pending-fault-1", "(event, state) => { if (event.payload.type === 'Bad') throw new Error('late boom'); return state; }");
        await _client.AfterAsync("pending-faulty", 1);

        var waiting = await _factory.StartLongPollAsync(_client, "/consumers/pending-faulty/after/5");
        await _client.CommitAsync("pending-fault-1", "{\"type\":\"Bad\"}");
        var response = await waiting;

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "Consumer \"pending-faulty\" is faulted: late boom");
    }
}
