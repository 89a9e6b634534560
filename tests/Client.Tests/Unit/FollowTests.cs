using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Unit;

/// <summary>
/// <see cref="EventStoreClient.FollowAsync"/> over a scripted server that speaks the follow wire contract: NDJSON with
/// <c>"position"</c> in each event's metadata, one caught-up line, heartbeats, and resume after <c>Last-Event-ID</c>.
/// The connections drop, stall, end or are refused as each test scripts; what the caller sees must be every event once,
/// in order, and each reconnection must resume after the highest position seen.
/// </summary>
public sealed class FollowTests
{
    private static readonly FollowOptions Fast = new() { ReconnectDelay = TimeSpan.FromMilliseconds(1), MaxReconnectDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task FollowAsync_HistoryCaughtUpLiveAndHeartbeats_AreYieldedInOrderWithCheckpoints()
    {
        var body = new ScriptedBodyStream()
            .Lines(Lines.Followed(1), Lines.Followed(2, streamVersion: 1), Lines.CaughtUp(2), Lines.Heartbeat(2), Lines.Followed(3, streamVersion: 2), Lines.Heartbeat(5))
            .Stall();
        var handler = new ScriptedHandler().Ndjson(body, ("Content-Type", "application/x-ndjson"));
        using var test = TestClient.Scripted(handler);

        var messages = await test.Client.FollowAsync(FollowTarget.Stream("orders-1"), Fast).Take(6).ToListAsync();

        Assert.Equal(
            [FollowMessageKind.Event, FollowMessageKind.Event, FollowMessageKind.CaughtUp, FollowMessageKind.Heartbeat, FollowMessageKind.Event, FollowMessageKind.Heartbeat],
            messages.Select(m => m.Kind));
        Assert.Equal([1, 2, 2, 2, 3, 5], messages.Select(m => m.Position));
        Assert.Equal([1, 2, 2, 2, 3, 5], messages.Select(m => m.Checkpoint));
        Assert.Equal(3, messages[4].Event!.Position);
        Assert.Equal(2, messages[4].Event!.StreamVersion);
        Assert.Null(messages[2].Event);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("/streams/orders-1?follow=true", request.PathAndQuery);
        Assert.Null(request.Header("Last-Event-ID"));
        Assert.Equal("application/x-ndjson", request.Header("Accept"));
        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task FollowAsync_ConnectionDropsAfterAHeartbeat_ResumesAfterTheHeartbeatPosition()
    {
        var handler = new ScriptedHandler()
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(5), Lines.Followed(6), Lines.CaughtUp(6), Lines.Heartbeat(9)).Drop())
            .Ndjson(new ScriptedBodyStream().Lines(Lines.CaughtUp(9), Lines.Followed(10), Lines.Followed(11)).Stall());
        using var test = TestClient.Scripted(handler);

        var events = await EventsAsync(test.Client.FollowAsync(FollowTarget.All(from: 5), Fast), count: 4);

        Assert.Equal([5, 6, 10, 11], events);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("/streams/_all/from/5?follow=true", handler.Requests[1].PathAndQuery);
        Assert.Equal("9", handler.Requests[1].Header("Last-Event-ID"));
    }

    [Fact]
    public async Task FollowAsync_ConnectionDropsInTheMiddleOfALine_ResumesAfterTheLastCompleteEvent()
    {
        var partial = Encoding.UTF8.GetBytes(Lines.Followed(2)[..30]);
        var handler = new ScriptedHandler()
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(1)).Bytes(partial).Drop())
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(2), Lines.CaughtUp(2)).Stall());
        using var test = TestClient.Scripted(handler);

        var events = await EventsAsync(test.Client.FollowAsync(FollowTarget.Stream("orders-1"), Fast), count: 2);

        Assert.Equal([1, 2], events);
        Assert.Equal("1", handler.Requests[1].Header("Last-Event-ID"));
    }

    [Fact]
    public async Task FollowAsync_ServerEndsTheResponse_ReconnectsAndResumes()
    {
        var handler = new ScriptedHandler()
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(1), Lines.CaughtUp(1)))
            .Ndjson(new ScriptedBodyStream().Lines(Lines.CaughtUp(1), Lines.Followed(2)).Stall());
        using var test = TestClient.Scripted(handler);

        var events = await EventsAsync(test.Client.FollowAsync(FollowTarget.Stream("orders-1"), Fast), count: 2);

        Assert.Equal([1, 2], events);
        Assert.Equal("1", handler.Requests[1].Header("Last-Event-ID"));
    }

    [Fact]
    public async Task FollowAsync_ServerReplaysEventsItAlreadySent_TheyAreNotYieldedTwice()
    {
        var handler = new ScriptedHandler()
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(1), Lines.Followed(2), Lines.Followed(3)).Drop())
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(2), Lines.Followed(3), Lines.Followed(4), Lines.CaughtUp(4)).Stall());
        using var test = TestClient.Scripted(handler);

        var events = await EventsAsync(test.Client.FollowAsync(FollowTarget.Stream("orders-1"), Fast), count: 4);

        Assert.Equal([1, 2, 3, 4], events);
    }

    [Fact]
    public async Task FollowAsync_DropsRefusalsAndEndsOfResponses_EveryEventOnceInOrder()
    {
        // A server that serves, on every connection, the events after its Last-Event-ID, then misbehaves as scripted
        // for that connection. Whatever the timing, the caller must see 1..30 exactly once.
        const int Head = 30;
        var connections = 0;
        var handler = new ScriptedHandler();
        var plans = new Func<HttpRequestMessage, HttpResponseMessage>[]
        {
            request => Serve(request, Head, take: 4, body => body.Drop()),
            _ => Refuse(HttpStatusCode.ServiceUnavailable, retryAfter: "0"),
            _ => throw new HttpRequestException("Connection refused (scripted)."),
            request => Serve(request, Head, take: 7, body => body.Lines(Lines.Heartbeat(11)).Drop(new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely (scripted)."))),
            _ => Refuse(HttpStatusCode.TooManyRequests, retryAfter: "0"),
            request => Serve(request, Head, take: 5, body => body),
            request => Serve(request, Head, take: int.MaxValue, body => body.Lines(Lines.CaughtUp(Head), Lines.Heartbeat(Head)).Stall()),
        };
        foreach (var plan in plans)
        {
            handler.Respond(request =>
            {
                Interlocked.Increment(ref connections);
                return plan(request);
            });
        }

        using var test = TestClient.Scripted(handler);

        var messages = await test.Client.FollowAsync(FollowTarget.Category("orders"), Fast).TakeWhile(m => m.Kind != FollowMessageKind.CaughtUp).ToListAsync();

        Assert.Equal(Enumerable.Range(1, Head).Select(p => (long)p), messages.Where(m => m.Kind == FollowMessageKind.Event).Select(m => m.Position));
        Assert.Equal(plans.Length, connections);
        var resumes = handler.Requests.Skip(1).Select(r => r.Header("Last-Event-ID")).ToList();
        Assert.Equal(["4", "4", "4", "11", "11", "16"], resumes);
        Assert.Contains(messages, m => m.Kind == FollowMessageKind.Heartbeat && m.Position == 11);
    }

    [Fact]
    public async Task FollowAsync_NoLineWithinTheIdleTimeout_ReplacesTheConnection()
    {
        var handler = new ScriptedHandler();
        handler.Respond(request => Serve(request, head: 2, take: 1, body => body.Stall()));
        handler.Respond(request => Serve(request, head: 2, take: int.MaxValue, body => body.Lines(Lines.CaughtUp(2)).Stall()));
        using var test = TestClient.Scripted(handler);

        var events = await EventsAsync(test.Client.FollowAsync(FollowTarget.Stream("orders-1"), Fast with { IdleTimeout = TimeSpan.FromMilliseconds(300) }), count: 2);

        Assert.Equal([1, 2], events);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("1", handler.Requests[1].Header("Last-Event-ID"));
    }

    [Fact]
    public async Task FollowAsync_CallerSlowerThanTheIdleTimeout_KeepsTheConnection()
    {
        var handler = new ScriptedHandler().Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(1), Lines.Followed(2), Lines.CaughtUp(2)).Stall());
        using var test = TestClient.Scripted(handler);
        var idle = TimeSpan.FromMilliseconds(500); // well above a scheduling delay on a loaded machine: reading an already-buffered line must not take this long
        var seen = new List<long>();

        await foreach (var message in test.Client.FollowAsync(FollowTarget.All(), Fast with { IdleTimeout = idle }))
        {
            if (message.Kind == FollowMessageKind.CaughtUp)
            {
                break;
            }

            seen.Add(message.Position);

            // The caller's own work, longer than the idle timeout: the time is the behaviour under test, not a wait for something.
            await Task.Delay(idle * 3);
        }

        Assert.Equal([1, 2], seen);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, typeof(EventStoreAuthenticationException))]
    [InlineData(HttpStatusCode.Forbidden, typeof(EventStoreForbiddenException))]
    [InlineData(HttpStatusCode.NotFound, typeof(EventStoreNotFoundException))]
    [InlineData(HttpStatusCode.BadRequest, typeof(EventStoreBadRequestException))]
    public async Task FollowAsync_Refused_ThrowsWithoutReconnecting(HttpStatusCode status, Type type)
    {
        var handler = new ScriptedHandler().Problem(status, "refused", "refused", "\"parameter\":\"follow\"");
        using var test = TestClient.Scripted(handler);

        var exception = await Assert.ThrowsAnyAsync<EventStoreException>(async () => await test.Client.FollowAsync(FollowTarget.Stream("orders-1"), Fast).ToListAsync());

        Assert.IsType(type, exception);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task FollowAsync_MaxReconnectAttempts_EndsWithTheLastFailure()
    {
        var handler = new ScriptedHandler().Fail().Fail().Fail();
        using var test = TestClient.Scripted(handler);

        await Assert.ThrowsAsync<HttpRequestException>(async () => await test.Client.FollowAsync(FollowTarget.All(), Fast with { MaxReconnectAttempts = 2 }).ToListAsync());

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task FollowAsync_MalformedLine_EndsTheFollow()
    {
        var handler = new ScriptedHandler().Ndjson(new ScriptedBodyStream().Lines("{\"stream\":").Stall());
        using var test = TestClient.Scripted(handler);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await test.Client.FollowAsync(FollowTarget.All(), Fast).ToListAsync());

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task FollowAsync_Cancelled_EndsWithoutReconnecting()
    {
        var handler = new ScriptedHandler().Ndjson(new ScriptedBodyStream().Lines(Lines.CaughtUp(0)).Stall());
        using var test = TestClient.Scripted(handler);
        using var cancellation = new CancellationTokenSource();
        var seen = new List<FollowMessage>();

        var follow = Task.Run(async () =>
        {
            await foreach (var message in test.Client.FollowAsync(FollowTarget.All(), Fast, cancellation.Token))
            {
                seen.Add(message);
                await cancellation.CancelAsync();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => follow.WaitAsync(Eventually.Deadline));
        Assert.Equal(FollowMessageKind.CaughtUp, Assert.Single(seen).Kind);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task FollowAsync_After_ResumesFromTheFirstRequest()
    {
        var handler = new ScriptedHandler().Ndjson(new ScriptedBodyStream().Lines("""{"fellBehind":{"position":41}}""", Lines.Followed(41), Lines.Followed(42), Lines.CaughtUp(42)).Stall());
        using var test = TestClient.Scripted(handler);

        var messages = await test.Client.FollowAsync(FollowTarget.All(), Fast with { After = 41 }).Take(2).ToListAsync();

        Assert.Equal([42, 42], messages.Select(m => m.Position));
        Assert.Equal([FollowMessageKind.Event, FollowMessageKind.CaughtUp], messages.Select(m => m.Kind));
        Assert.Equal("41", Assert.Single(handler.Requests).Header("Last-Event-ID"));
    }

    [Fact]
    public async Task FollowAsync_EachTarget_SendsItsReadRouteWithFollow()
    {
        var handler = new ScriptedHandler();
        var targets = new[]
        {
            FollowTarget.Stream("orders/eu", from: 3),
            FollowTarget.All(from: 2).WithFilter("""{"payload":{"amount":{"$gte":100}}}"""),
            FollowTarget.Join(["orders-1", "orders-2"], from: 7),
            FollowTarget.Join(Selector.AnyOf("tags/eu")),
            FollowTarget.Category("orders"),
            FollowTarget.Query(new DcbQuery(new DcbQueryItem(["StudentSubscribed"], ["course:c1"])), from: 4).WithFilter("""{"payload":{"x":1}}"""),
            FollowTarget.Query(Selector.AnyOf("OrderPlaced")),
        };
        foreach (var _ in targets)
        {
            handler.Ndjson(new ScriptedBodyStream().Lines(Lines.CaughtUp(0)).Stall());
        }

        using var test = TestClient.Scripted(handler);

        foreach (var target in targets)
        {
            await test.Client.FollowAsync(target, Fast).Take(1).ToListAsync();
        }

        Assert.Equal(
            [
                "GET /streams/orders/eu/from/3?follow=true",
                "GET /streams/_all/from/2?filter=%7B%22payload%22%3A%7B%22amount%22%3A%7B%22%24gte%22%3A100%7D%7D%7D&follow=true",
                "GET /streams/join/from/7?streams=orders-1%2Corders-2&follow=true",
                "GET /streams/join?selector=%5B%22tags%2Feu%22%5D&follow=true",
                "GET /streams/category/orders?follow=true",
                "POST /query/from/4?follow=true",
                "GET /query?selector=%5B%22OrderPlaced%22%5D&follow=true",
            ],
            handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.Equal("""{"query":{"items":[{"types":["StudentSubscribed"],"tags":["course:c1"]}]},"matcher":{"payload":{"x":1}}}""", handler.Requests[5].Body);
    }

    [Fact]
    public async Task FollowAsync_TokenProvider_IsAskedForEachConnection()
    {
        var handler = new ScriptedHandler()
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(1)).Drop())
            .Ndjson(new ScriptedBodyStream().Lines(Lines.Followed(2)).Stall());
        var issued = 0;
        using var test = TestClient.Scripted(handler, options => options.BearerTokenProvider = _ => ValueTask.FromResult("t" + Interlocked.Increment(ref issued).ToString(CultureInfo.InvariantCulture)));

        await EventsAsync(test.Client.FollowAsync(FollowTarget.All(), Fast), count: 2);

        Assert.Equal(["Bearer t1", "Bearer t2"], handler.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public void FollowOptions_Invalid_AreRefusedBeforeAnyRequest()
    {
        var handler = new ScriptedHandler();
        using var test = TestClient.Scripted(handler);

        Assert.Throws<ArgumentOutOfRangeException>(() => test.Client.FollowAsync(FollowTarget.All(), new FollowOptions { After = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Client.FollowAsync(FollowTarget.All(), new FollowOptions { IdleTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FollowTarget.All(from: 0));
        Assert.Empty(handler.Requests);
    }

    /// <summary>The positions of the first <paramref name="count"/> events of a follow.</summary>
    private static async Task<List<long>> EventsAsync(IAsyncEnumerable<FollowMessage> follow, int count) =>
        await follow.Where(m => m.Kind == FollowMessageKind.Event).Select(m => m.Position).Take(count).ToListAsync().AsTask().WaitAsync(Eventually.Deadline);

    /// <summary>
    /// What a follow server sends: the events of a log of <paramref name="head"/> events after the request's
    /// <c>Last-Event-ID</c>, at most <paramref name="take"/> of them, then whatever <paramref name="then"/> adds.
    /// </summary>
    private static HttpResponseMessage Serve(HttpRequestMessage request, int head, int take, Func<ScriptedBodyStream, ScriptedBodyStream> then)
    {
        var after = request.Headers.TryGetValues("Last-Event-ID", out var values) ? long.Parse(values.Single(), CultureInfo.InvariantCulture) : 0;
        var body = new ScriptedBodyStream();
        for (var position = after + 1; position <= head && position <= after + take; position++)
        {
            body.Lines(Lines.Followed(position));
        }

        then(body);
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-ndjson; charset=utf-8");
        return response;
    }

    private static HttpResponseMessage Refuse(HttpStatusCode status, string retryAfter)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent($"{{\"status\":{(int)status},\"detail\":\"busy\",\"code\":\"busy\"}}", Encoding.UTF8, "application/problem+json") };
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }
}
