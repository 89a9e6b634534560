using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Security;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Application.Common.Waiting;
using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Api.FunctionalTests.Streams.Follow;

/// <summary>
/// What surrounds a follow, on the embedded engine: the 400s of a follow with an end, a reversed window or a bad resume
/// position; a plain read is not changed by <c>Accept: text/event-stream</c>; the authorization of the plain read; the
/// follower cap (429) and the count in <c>/health</c>; and a server that stops ends its follows.
/// </summary>
public sealed class FollowRequestTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ces-follow-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    [Theory]
    [InlineData("/streams/orders-1/until/3?follow=true", null, "until")]
    [InlineData("/streams/orders-1/from/5/until/3?follow=true", null, "until")]
    [InlineData("/streams/orders-1/backwards/2?follow=true", null, "backwards")]
    [InlineData("/streams/_all/forwards/2?follow=true", null, "forwards")]
    [InlineData("/streams/join/until/2?streams=orders-1&follow=true", null, "until")]
    [InlineData("/streams/category/orders/backwards/1?follow=true", null, "backwards")]
    [InlineData("/streams/orders-1?follow=true&after=-1", null, "after")]
    [InlineData("/streams/orders-1?follow=true&after=1x", null, "after")]
    [InlineData("/streams/orders-1?follow=true&after=1", "1", "after")]
    [InlineData("/streams/orders-1?follow=true", "-5", "Last-Event-ID")]
    [InlineData("/streams/orders-1?after=1", null, "after")]
    [InlineData("/streams/orders-1?follow=yes", null, "follow")]
    [InlineData("/query?types=A&follow=true&after=-2", null, "after")]
    public async Task Follow_WithAnEndOrABadResumePosition_Is400NamingTheParameter(string url, string? lastEventId, string parameter)
    {
        await using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        await client.CommitAsync("orders-1", "{\"type\":\"A\"}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem["parameter"]?.GetValue<string>());
        Assert.Contains(parameter, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainRead_AcceptingAnEventStream_IsTheUsualNdjsonRead()
    {
        await using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        await client.CommitAsync("orders-1", "{\"type\":\"A\"}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/streams/orders-1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Last-Event-ID", "7");

        var response = await client.SendAsync(request);
        var lines = await response.LinesAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(lines);
        Assert.Null(lines[0]["metadata"]!["position"]);
    }

    [Theory]
    [InlineData("/streams/invoices-1?follow=true", "read:invoices-1")]
    [InlineData("/streams/_all?follow=true", "query")]
    [InlineData("/streams/join?streams=orders-1,invoices-1&follow=true", "read:invoices-1")]
    [InlineData("/query?types=A&follow=true", "query")]
    public async Task Follow_OutsideTheCallersScopes_Is403LikeThePlainRead(string url, string scope)
    {
        await using var factory = new SecuredApiFactory("ApiKey");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", factory.Credential("reader"));

        var response = await client.GetAsync(url);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(scope, problem["scope"]?.GetValue<string>());
    }

    [Fact]
    public async Task Follow_WithinTheCallersScopes_IsFollowed()
    {
        await using var factory = new SecuredApiFactory("ApiKey");
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", factory.Credential("admin"));
        await admin.CommitAsync("orders-1", "{\"type\":\"A\"}");
        using var reader = factory.CreateClient();
        reader.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", factory.Credential("reader"));

        await using var follow = await FollowConnection.OpenAsync(reader, "/streams/orders-1?follow=true");
        var (history, caughtUp) = await follow.HistoryAsync();

        Assert.Single(history);
        Assert.Equal(1, caughtUp);
    }

    [Fact]
    public async Task FollowersOverTheCap_Are429WithRetryAfter_AndHealthCountsTheOpenOnes()
    {
        await using var factory = new KestrelApiFactory();
        factory.With("RateLimit:MaxFollowers", "1").With("RateLimit:MaxLongPolls", "1");
        var client = factory.Client;
        var longPolls = factory.Services.GetRequiredService<LongPolls>();

        var first = await FollowConnection.OpenAsync(client, "/streams/_all?follow=true");
        await first.HistoryAsync();
        var refused = await client.GetAsync("/streams/_all?follow=true");
        var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
        var longPoll = await factory.StartLongPollAsync(client, "/streams/_all/from/2");
        await first.DisposeAsync();
        await Eventually.UntilAsync(() => longPolls.OpenFollowers == 0, "the server to see the follower go away");
        await using var again = await FollowConnection.OpenAsync(client, "/streams/_all?follow=true");
        await again.HistoryAsync();
        await client.CommitAsync("orders-1", "{\"type\":\"A\"}", "{\"type\":\"A\"}");

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "The server holds 1 follows already (RateLimit:MaxFollowers); retry shortly.");
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        Assert.Equal(1, health["server"]!["openFollowers"]!.GetValue<int>());
        Assert.Equal(0, health["server"]!["openLongPolls"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await longPoll).StatusCode);
        Assert.Equal(1, FollowConnection.PositionOf(await again.NextEventAsync()));
    }

    [Fact]
    public async Task Sigterm_EndsOpenFollowsCleanly_AndTheServerExits()
    {
        var deadline = TimeSpan.FromSeconds(60);
        var port = ApiProcess.FreePort();
        using var server = ApiProcess.Start(
            "--urls", $"http://127.0.0.1:{port}",
            $"--EventStore:StorageDirectory={_directory}",
            "--EventStore:FollowHeartbeatMs=200",
            "--Logging:LogLevel:Default=Warning");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = deadline };
        await server.WaitUntilHealthyAsync(client, deadline);
        await client.CommitAsync("orders-1", "{\"type\":\"A\"}");
        await using var stream = await FollowConnection.OpenAsync(client, "/streams/orders-1?follow=true");
        await using var all = await FollowConnection.OpenAsync(client, "/streams/_all?follow=true", request => request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream")));
        await stream.HistoryAsync();
        await all.NextFrameAsync();

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var streamEnded = await ReadToEndAsync(stream);
        var allEnded = await ReadToEndAsync(all);
        var (exitCode, _, stderr) = await server.WaitForExitAsync(deadline);

        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {stderr}");
        Assert.True(streamEnded && allEnded, "a follow did not end when the server stopped");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the server took {clock.Elapsed.TotalSeconds:F1} s to stop");
    }

    /// <summary>Reads a follow until its response ends (true) or the connection fails (also an end, but not a clean one: false).</summary>
    private static async Task<bool> ReadToEndAsync(FollowConnection follow)
    {
        try
        {
            while (await follow.NextLineAsync() is not null)
            {
            }

            return true;
        }
        catch (HttpIOException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
