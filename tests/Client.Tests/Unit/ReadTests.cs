using System.Net;
using System.Text;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Unit;

/// <summary>Reads over a scripted server: the request each read sends, the parsing of NDJSON lines, and that the body is consumed as it arrives.</summary>
public sealed class ReadTests
{
    private const string First = """{"stream":"orders-1","payload":{"type":"OrderPlaced","orderId":"1","amount":250},"metadata":{"commitId":0,"committedAt":1795773961989,"commitVersion":0,"commitSize":1,"requestId":"req-1","streamVersion":0}}""";
    private const string Second = """{"stream":"orders-1","payload":{"type":"OrderPaid","orderId":"1"},"metadata":{"commitId":1,"committedAt":1795773961995,"commitVersion":0,"commitSize":1,"streamVersion":1}}""";

    [Fact]
    public async Task ReadStreamAsync_StoredLines_YieldsEventsWithPayloadMetadataAndPosition()
    {
        var handler = new ScriptedHandler().Ndjson(new ScriptedBodyStream().Lines(First, Second));
        using var test = TestClient.Scripted(handler);

        var events = await test.Client.ReadStreamAsync("orders-1").ToListAsync();

        Assert.Equal(2, events.Count);
        var placed = events[0];
        Assert.Equal("orders-1", placed.Stream);
        Assert.Equal("""{"type":"OrderPlaced","orderId":"1","amount":250}""", Encoding.UTF8.GetString(placed.Payload.Span));
        Assert.Equal(First, placed.ToString());
        Assert.Equal(0, placed.CommitId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795773961989), placed.CommittedAt);
        Assert.Equal(0, placed.CommitVersion);
        Assert.Equal(1, placed.CommitSize);
        Assert.Equal(0, placed.StreamVersion);
        Assert.Equal(1, placed.StreamRevision);
        Assert.Equal(1, placed.Position);
        Assert.Equal("""{"requestId":"req-1"}""", Encoding.UTF8.GetString(placed.CustomMetadata.Span));
        Assert.Equal(new OrderPlaced("OrderPlaced", "1", 250), placed.Deserialize(TestJsonContext.Default.OrderPlaced));
        Assert.Equal(new RequestMetadata("req-1"), placed.DeserializeMetadata(TestJsonContext.Default.RequestMetadata));
        Assert.Equal(2, events[1].Position);
        Assert.Equal("{}", Encoding.UTF8.GetString(events[1].CustomMetadata.Span));
        Assert.Same(placed.Stream, events[1].Stream);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/streams/orders-1", request.PathAndQuery);
        Assert.Equal("application/x-ndjson", request.Header("Accept"));
    }

    [Fact]
    public async Task Reads_WindowsNamesAndFilters_AreSentInThePathGrammar()
    {
        var handler = new ScriptedHandler();
        for (var i = 0; i < 6; i++)
        {
            handler.Ndjson(new ScriptedBodyStream());
        }

        using var test = TestClient.Scripted(handler);
        var client = test.Client;

        await client.ReadStreamAsync("orders/eu:1#x", new ReadWindow { From = 2, Until = -1 }).ToListAsync();
        await client.ReadAllAsync(ReadWindow.Last(3), filter: """{"payload":{"amount":{"$gte":100}}}""").ToListAsync();
        await client.ReadJoinAsync(["orders-1", "orders-2"], ReadWindow.Starting(3, 10)).ToListAsync();
        await client.ReadJoinAsync(Selector.FromJson("""[["tags/eu","OrderPlaced"]]""")).ToListAsync();
        await client.ReadCategoryAsync("orders", new ReadWindow { Backwards = 1 }).ToListAsync();
        await client.ReadStreamAsync("orders-1", new ReadWindow { From = 5, Until = 2 }).ToListAsync();

        Assert.Equal(
            [
                "/streams/orders/eu%3A1%23x/from/2/until/-1",
                "/streams/_all/backwards/3?filter=%7B%22payload%22%3A%7B%22amount%22%3A%7B%22%24gte%22%3A100%7D%7D%7D",
                "/streams/join/from/3/forwards/10?streams=orders-1%2Corders-2",
                "/streams/join?selector=%5B%5B%22tags%2Feu%22%2C%22OrderPlaced%22%5D%5D",
                "/streams/category/orders/backwards/1",
                "/streams/orders-1/from/5/until/2",
            ],
            handler.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Reads_InvalidArguments_AreRefusedBeforeAnyRequest()
    {
        var handler = new ScriptedHandler();
        using var test = TestClient.Scripted(handler);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadWindow { From = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadWindow { Forwards = 0 });
        Assert.Throws<ArgumentException>(() => test.Client.ReadStreamAsync("s", new ReadWindow { Forwards = 1, Backwards = 1 }));
        Assert.Throws<ArgumentException>(() => test.Client.ReadStreamAsync(""));
        Assert.Throws<ArgumentException>(() => test.Client.ReadAllAsync(filter: "{not json"));
        Assert.Throws<ArgumentException>(() => test.Client.ReadJoinAsync(Array.Empty<string>()));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ReadStreamAsync_LinesSplitAnywhereWithCrLfAndBlankLines_YieldsTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(First + "\r\n\n" + Second + "\n\n");
        var body = new ScriptedBodyStream();
        foreach (var b in bytes)
        {
            body.Bytes([b]);
        }

        using var test = TestClient.Scripted(new ScriptedHandler().Ndjson(body));

        var events = await test.Client.ReadStreamAsync("orders-1").ToListAsync();

        Assert.Equal([First, Second], events.Select(e => e.ToString()));
    }

    [Fact]
    public async Task ReadStreamAsync_BodyEndsInTheMiddleOfALine_ThrowsIOException()
    {
        var body = new ScriptedBodyStream().Lines(First).Bytes(Encoding.UTF8.GetBytes(Second[..40]));
        using var test = TestClient.Scripted(new ScriptedHandler().Ndjson(body));
        var seen = new List<RecordedEvent>();

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var e in test.Client.ReadStreamAsync("orders-1"))
            {
                seen.Add(e);
            }
        });

        Assert.Single(seen);
    }

    [Fact]
    public async Task ReadStreamAsync_LineLongerThanTheLimit_ThrowsWithoutBufferingMore()
    {
        var body = new ScriptedBodyStream().Lines(First);
        for (var i = 0; i < 64; i++)
        {
            body.Bytes(new byte[1024]);
        }

        using var test = TestClient.Scripted(new ScriptedHandler().Ndjson(body), options => options.MaxLineBytes = 16 * 1024);

        var exception = await Assert.ThrowsAsync<InvalidDataException>(async () => await test.Client.ReadStreamAsync("orders-1").ToListAsync());

        Assert.Contains("16384", exception.Message, StringComparison.Ordinal);
        Assert.True(body.BytesRead < 64 * 1024, $"read {body.BytesRead} bytes of a line that was refused");
    }

    [Fact]
    public async Task ReadStreamAsync_LineThatIsNotAnEvent_ThrowsInvalidData()
    {
        using var test = TestClient.Scripted(new ScriptedHandler().Ndjson(new ScriptedBodyStream().Lines("{\"stream\":\"s\",\"payload\":{}}")));

        await Assert.ThrowsAsync<InvalidDataException>(async () => await test.Client.ReadStreamAsync("s").ToListAsync());
    }

    [Fact]
    public async Task ReadStreamAsync_MissingStream_ThrowsNotFoundWithTheProblemOnTheFirstMoveNext()
    {
        var handler = new ScriptedHandler().Problem(HttpStatusCode.NotFound, "stream-not-found", "Stream \\\"orders-9\\\" does not exist.", "\"stream\":\"orders-9\"");
        using var test = TestClient.Scripted(handler);
        var events = test.Client.ReadStreamAsync("orders-9");
        Assert.Empty(handler.Requests);

        var exception = await Assert.ThrowsAsync<EventStoreNotFoundException>(async () => await events.ToListAsync());

        Assert.Equal(HttpStatusCode.NotFound, exception.StatusCode);
        Assert.Equal("stream-not-found", exception.Code);
        Assert.Equal("Stream \"orders-9\" does not exist.", exception.Message);
        Assert.Equal("orders-9", exception.Problem!.GetString("stream"));
        Assert.Equal("00-test", exception.Problem.TraceId);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ReadStreamAsync_FirstLineArrivesBeforeTheServerWroteTheRest_IsYieldedAtOnce()
    {
        var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var body = new ScriptedBodyStream().Lines(First).WaitFor(rest.Task).Lines(Second);
        using var test = TestClient.Scripted(new ScriptedHandler().Ndjson(body));
        await using var events = test.Client.ReadStreamAsync("orders-1").GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Eventually.Deadline));

        Assert.Equal(1, events.Current.Position);
        Assert.False(rest.Task.IsCompleted);
        Assert.False(body.Ended.IsCompleted);
        rest.SetResult();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(2, events.Current.Position);
        Assert.False(await events.MoveNextAsync());
        Assert.True(body.Ended.IsCompleted);
    }

    [Fact]
    public async Task ReadStreamAsync_CallerStopsEarly_ReleasesTheResponse()
    {
        var body = new ScriptedBodyStream().Lines(First).Stall();
        using var test = TestClient.Scripted(new ScriptedHandler().Ndjson(body));

        await foreach (var e in test.Client.ReadStreamAsync("orders-1"))
        {
            Assert.Equal(1, e.Position);
            break;
        }

        Assert.True(body.Disposed);
    }
}
