using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ReadStream;

/// <summary><c>GET /streams/{stream}[window]</c>, <c>/version</c>, <c>_all</c> and long-polls.</summary>
public sealed class ReadStreamTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public ReadStreamTests(ApiFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<string> FiveEvents()
    {
        var stream = Unique("five");
        for (var i = 1; i <= 5; i++)
        {
            await _client.CommitAsync(stream, $"{{\"type\":\"N\",\"n\":{i}}}");
        }

        return stream;
    }

    [Fact]
    public async Task Read_Stream_ReturnsNdjsonWithTheProtocolHeaders()
    {
        var stream = await FiveEvents();

        var response = await _client.GetAsync($"/streams/{stream}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson; charset=utf-8", response.Content.Headers.GetValues("Content-Type").Single());
        Assert.Equal(stream, response.Header("x-event-store-stream"));
        Assert.Equal("5", response.Header("x-event-store-version"));
        Assert.Equal(["1", "2", "3", "4", "5"], (await response.LinesAsync()).Field("payload.n"));
    }

    [Theory]
    [InlineData("/backwards/2", "5,4")]
    [InlineData("/from/2/forwards/2", "2,3")]
    [InlineData("/forwards/2/from/2", "2,3")]
    [InlineData("/from/4/until/2", "4,3,2")]
    [InlineData("/from/-2", "4,5")]
    [InlineData("/from/end", "5")]
    [InlineData("/from/end/until/start", "5,4,3,2,1")]
    [InlineData("/until/2", "1,2")]
    [InlineData("/from/1/from/3", "3,4,5")]
    [InlineData("/backwards/99", "5,4,3,2,1")]
    public async Task Read_Windows_FollowTheGrammar(string window, string expected)
    {
        var stream = await FiveEvents();

        var lines = await _client.ReadLinesAsync($"/streams/{stream}{window}");

        Assert.Equal(expected.Split(','), lines.Field("payload.n"));
    }

    [Theory]
    [InlineData("/from/0", "from must not be 0.")]
    [InlineData("/until/abc", "until must be an integer, \"start\", or \"end\".")]
    [InlineData("/forwards/0", "forwards must be a positive integer.")]
    [InlineData("/backwards/-1", "backwards must be a positive integer.")]
    [InlineData("/forwards/1/backwards/1", "Specify either forwards or backwards, not both.")]
    public async Task Read_BadWindow_Is400(string window, string error)
    {
        var stream = await FiveEvents();

        var response = await _client.GetAsync($"/streams/{stream}{window}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task Read_UnknownStream_Is404()
    {
        var response = await _client.GetAsync("/streams/never-written");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "Stream \"never-written\" does not exist.");
        await (await _client.GetAsync("/streams/never-written/version")).AssertProblemAsync(HttpStatusCode.NotFound, "Stream \"never-written\" does not exist.");
    }

    [Fact]
    public async Task Read_HierarchicalNames_WorkPlainAndEncoded()
    {
        var id = Guid.NewGuid().ToString("N");
        await _client.CommitAsync($"orders/eu/{id}", "{\"n\":1}", "{\"n\":2}");

        var plain = await _client.ReadLinesAsync($"/streams/orders/eu/{id}/from/2");
        var encoded = await _client.ReadLinesAsync($"/streams/orders%2Feu%2F{id}");
        var version = await (await _client.GetAsync($"/streams/orders/eu/{id}/version")).JsonAsync();

        Assert.Equal(["2"], plain.Field("payload.n"));
        Assert.Equal(2, encoded.Count);
        Assert.Equal(2, version["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Read_MalformedPercentEscape_Is400()
    {
        var response = await _client.GetAsync("/streams/bad%25name");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed percent-encoding", exact: false);
    }

    [Fact]
    public async Task Read_All_ExposesTheGlobalLog()
    {
        var before = (await (await _client.GetAsync("/streams/_all/version")).JsonAsync())["version"]!.GetValue<long>();
        var stream = Unique("users");
        await _client.CommitAsync(stream, "{\"type\":\"UserCreated\"}");

        var lines = await _client.ReadLinesAsync($"/streams/_all/from/{before + 1}/until/{before + 1}");
        var version = await (await _client.GetAsync("/streams/_all/version")).JsonAsync();

        Assert.Equal([stream], lines.Field("stream"));
        Assert.Equal("_all", version["stream"]!.GetValue<string>());
        Assert.True(version["version"]!.GetValue<long>() >= before + 1);
    }

    [Fact]
    public async Task LongPoll_UntilPastTheVersion_StreamsForwardUntilTheTarget()
    {
        var stream = Unique("poll");
        await _client.CommitAsync(stream, "{\"type\":\"OrderPlaced\"}");

        var reading = await _factory.StartLongPollAsync(_client, $"/streams/{stream}/until/3/from/1");
        await _client.CommitAsync(stream, "{\"type\":\"OrderConfirmed\"}");
        await _client.CommitAsync(stream, "{\"type\":\"OrderShipped\"}");
        var response = await reading;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["OrderPlaced", "OrderConfirmed", "OrderShipped"], (await response.LinesAsync()).Field("payload.type"));
    }

    [Fact]
    public async Task LongPoll_All_WakesOnAnyWrite()
    {
        var next = (await (await _client.GetAsync("/streams/_all/version")).JsonAsync())["version"]!.GetValue<long>() + 1;
        var stream = Unique("any");

        var reading = await _factory.StartLongPollAsync(_client, $"/streams/_all/until/{next}/from/{next}");
        await _client.CommitAsync(stream, "{\"type\":\"UserCreated\"}");
        var response = await reading;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([stream], (await response.LinesAsync()).Field("stream"));
    }

    [Fact]
    public async Task LongPoll_NothingArrives_Is408()
    {
        using var factory = new ApiFactory().WithShortPollTimeouts();
        var client = factory.CreateClient();
        var stream = Unique("quiet");
        await client.CommitAsync(stream, "{}");

        var response = await client.GetAsync($"/streams/{stream}/until/99/from/2");

        await response.AssertProblemAsync(HttpStatusCode.RequestTimeout, $"Stream did not reach version 99 within {ApiFactory.ShortPollTimeoutMs}ms.");
    }

    [Fact]
    public async Task LongPoll_SomeEventsThenTimeout_Is200WithWhatWasSent()
    {
        using var factory = new ApiFactory().WithShortPollTimeouts();
        var client = factory.CreateClient();
        var stream = Unique("partial");
        await client.CommitAsync(stream, "{\"n\":1}");

        var lines = await client.ReadLinesAsync($"/streams/{stream}/from/1/until/99");

        Assert.Equal(["1"], lines.Field("payload.n"));
    }

    [Fact]
    public async Task LongPoll_FromPastTheHead_WaitsForwards()
    {
        var stream = Unique("next");
        await _client.CommitAsync(stream, "{\"n\":1}");

        var reading = await _factory.StartLongPollAsync(_client, $"/streams/{stream}/from/2");
        await _client.CommitAsync(stream, "{\"n\":2}");
        var response = await reading;

        Assert.Equal(["2"], (await response.LinesAsync()).Field("payload.n"));
    }

    [Fact]
    public async Task LongPoll_ClientGoesAway_EndsTheRequest()
    {
        var stream = Unique("gone");
        await _client.CommitAsync(stream, "{}");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.GetAsync($"/streams/{stream}/from/1/until/50", cancellation.Token));
        var after = await _client.GetAsync($"/streams/{stream}/version");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
