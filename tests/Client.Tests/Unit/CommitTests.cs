using System.Net;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Unit;

/// <summary>Commits over a scripted server: the body and headers sent, the result parsed, the retries and the typed refusals.</summary>
public sealed class CommitTests
{
    private const string Result = """{"commitId":6,"committedAt":1795773962001,"requestId":"req-1","streamName":"orders-2","streamVersion":2,"events":[{"type":"OrderPlaced"},{"type":"OrderPaid","nested":{"events":[1]}}]}""";

    private static readonly EventData[] TwoEvents = [EventData.FromJson("""{"type":"OrderPlaced"}"""), EventData.FromJson("""{ "type": "OrderPaid", "nested": {"events":[1]} }""")];

    [Theory]
    [InlineData("any", null)]
    [InlineData("empty", "\"expectedVersion\":\"empty\"")]
    [InlineData("exact", "\"expectedVersion\":2")]
    public async Task CommitAsync_ExpectedVersion_IsSentAsTheProtocolSpellsIt(string kind, string? member)
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.Created, Result);
        using var test = TestClient.Scripted(handler);
        var expected = kind switch
        {
            "empty" => ExpectedVersion.Empty,
            "exact" => ExpectedVersion.Exactly(2),
            _ => ExpectedVersion.Any,
        };

        await test.Client.CommitAsync("orders-2", TwoEvents, expected);

        var body = Assert.Single(handler.Requests).Body!;
        Assert.StartsWith("""{"events":[{"type":"OrderPlaced"},{ "type": "OrderPaid", "nested": {"events":[1]} }]""", body, StringComparison.Ordinal);
        if (member is null)
        {
            Assert.DoesNotContain("expectedVersion", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(member, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CommitAsync_Created_ReturnsTheResultWithVersionsPositionsAndTheKey()
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.Created, Result);
        using var test = TestClient.Scripted(handler);

        var result = await test.Client.CommitAsync("orders-2", TwoEvents, ExpectedVersion.Exactly(2), new CommitOptions { Metadata = """{"requestId":"req-1"}""" });

        Assert.Equal("orders-2", result.Stream);
        Assert.Equal(6, result.CommitId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795773962001), result.CommittedAt);
        Assert.Equal(2, result.PreviousVersion);
        Assert.Equal(2, result.EventCount);
        Assert.Equal(4, result.Version);
        Assert.Equal(7, result.FirstPosition);
        Assert.Equal(8, result.LastPosition);
        Assert.False(result.Replayed);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/streams/orders-2/commit", request.PathAndQuery);
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal(result.IdempotencyKey, request.Header("Idempotency-Key"));
        Assert.Matches("^[0-9a-f]{32}$", result.IdempotencyKey);
        Assert.EndsWith(""","expectedVersion":2,"metadata":{"requestId":"req-1"}}""", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_EachCall_HasItsOwnKeyUnlessOneIsGiven()
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.Created, Result).Json(HttpStatusCode.Created, Result).Json(HttpStatusCode.Created, Result, ("Idempotent-Replayed", "true"));
        using var test = TestClient.Scripted(handler);

        var first = await test.Client.CommitAsync("orders-2", TwoEvents);
        var second = await test.Client.CommitAsync("orders-2", TwoEvents);
        var mine = await test.Client.CommitAsync("orders-2", TwoEvents, options: new CommitOptions { IdempotencyKey = "place-order-2" });

        Assert.NotEqual(first.IdempotencyKey, second.IdempotencyKey);
        Assert.Equal("place-order-2", mine.IdempotencyKey);
        Assert.Equal("place-order-2", handler.Requests[2].Header("Idempotency-Key"));
        Assert.True(mine.Replayed);
    }

    [Fact]
    public async Task CommitAsync_WithCondition_SendsTheConditionInsteadOfAnExpectedVersion()
    {
        var handler = new ScriptedHandler().Json(HttpStatusCode.Created, Result);
        using var test = TestClient.Scripted(handler);
        var condition = CommitCondition.Parse("""{"selector":[["tags/course:c1","StudentSubscribed"]],"noneMatchAfter":4}""");

        await test.Client.CommitAsync("orders-2", TwoEvents, condition);

        Assert.EndsWith(""","condition":{"selector":[["tags/course:c1","StudentSubscribed"]],"noneMatchAfter":4}}""", handler.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_ConnectionLostThenAnswered_RetriesWithTheSameKey()
    {
        var handler = new ScriptedHandler().Fail().Problem(HttpStatusCode.ServiceUnavailable, "storage-unavailable", "busy").Json(HttpStatusCode.Created, Result, ("Idempotent-Replayed", "true"));
        using var test = TestClient.Scripted(handler);

        var result = await test.Client.CommitAsync("orders-2", TwoEvents);

        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(result.IdempotencyKey, r.Header("Idempotency-Key")));
        Assert.All(handler.Requests, r => Assert.Equal(handler.Requests[0].Body, r.Body));
        Assert.True(result.Replayed);
    }

    [Fact]
    public async Task CommitAsync_WrongExpectedVersion_ThrowsWithTheServersDetailsAndIsNotRetried()
    {
        var handler = new ScriptedHandler().Problem(
            HttpStatusCode.Conflict,
            "wrong-expected-version",
            "Optimistic Concurrency error. Expected stream \\\"orders-1\\\" at version 0 but is at version 1.",
            "\"stream\":\"orders-1\",\"expectedVersion\":0,\"actualVersion\":1");
        using var test = TestClient.Scripted(handler);

        var exception = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => test.Client.CommitAsync("orders-1", TwoEvents, ExpectedVersion.Empty));

        Assert.Equal("orders-1", exception.Stream);
        Assert.Equal(0, exception.ExpectedVersion);
        Assert.Equal(1, exception.ActualVersion);
        Assert.Equal("Optimistic Concurrency error. Expected stream \"orders-1\" at version 0 but is at version 1.", exception.Message);
        Assert.IsType<EventStoreConflictException>(exception, exactMatch: false);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task CommitAsync_ConditionFailed_ThrowsWithThePositions()
    {
        var handler = new ScriptedHandler().Problem(HttpStatusCode.Conflict, "condition-failed", "A conflicting event was committed.", "\"noneMatchAfter\":4,\"conflictingPosition\":5");
        using var test = TestClient.Scripted(handler);

        var exception = await Assert.ThrowsAsync<ConditionFailedException>(() => test.Client.CommitAsync("s", TwoEvents, CommitCondition.Create(Selector.AnyOf("A"), 4)));

        Assert.Equal(4, exception.NoneMatchAfter);
        Assert.Equal(5, exception.ConflictingPosition);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, typeof(EventStoreBadRequestException))]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, typeof(EventStoreBadRequestException))]
    [InlineData(HttpStatusCode.UnprocessableEntity, typeof(EventStoreBadRequestException))]
    [InlineData(HttpStatusCode.Unauthorized, typeof(EventStoreAuthenticationException))]
    [InlineData(HttpStatusCode.Forbidden, typeof(EventStoreForbiddenException))]
    [InlineData(HttpStatusCode.NotFound, typeof(EventStoreNotFoundException))]
    [InlineData(HttpStatusCode.Conflict, typeof(EventStoreConflictException))]
    [InlineData(HttpStatusCode.MethodNotAllowed, typeof(EventStoreException))]
    public async Task CommitAsync_Refused_ThrowsTheTypeOfTheStatusOnce(HttpStatusCode status, Type type)
    {
        var handler = new ScriptedHandler().Problem(status, "some-code", "refused", "\"scope\":\"write:orders-1\"");
        using var test = TestClient.Scripted(handler);

        var exception = await Assert.ThrowsAnyAsync<EventStoreException>(() => test.Client.CommitAsync("orders-1", TwoEvents));

        Assert.IsType(type, exception);
        Assert.Equal(status, exception.StatusCode);
        Assert.Equal("some-code", exception.Code);
        Assert.Single(handler.Requests);
        if (exception is EventStoreForbiddenException forbidden)
        {
            Assert.Equal("write:orders-1", forbidden.Scope);
        }
    }

    [Fact]
    public async Task CommitAsync_RateLimited_ThrowsWithRetryAfterOnceTheRetriesAreSpent()
    {
        var handler = new ScriptedHandler().Problem(HttpStatusCode.TooManyRequests, "too-many-requests", "slow down", headers: ("Retry-After", "2"));
        using var test = TestClient.Scripted(handler, options => options.Retry.MaxRetryAttempts = 0);

        var exception = await Assert.ThrowsAsync<EventStoreRateLimitedException>(() => test.Client.CommitAsync("orders-1", TwoEvents));

        Assert.Equal(TimeSpan.FromSeconds(2), exception.RetryAfter);
    }

    [Fact]
    public async Task CommitAsync_NotProblemDetails_ThrowsNamingTheStatus()
    {
        var handler = new ScriptedHandler().Respond(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>proxy</html>") });
        using var test = TestClient.Scripted(handler, options => options.Retry.MaxRetryAttempts = 0);

        var exception = await Assert.ThrowsAsync<EventStoreException>(() => test.Client.CommitAsync("orders-1", TwoEvents));

        Assert.Null(exception.Problem);
        Assert.Contains("502", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloseStreamAsync_ServiceUnavailable_IsNotRetried()
    {
        var handler = new ScriptedHandler().Problem(HttpStatusCode.ServiceUnavailable, "server-stopping", "stopping");
        using var test = TestClient.Scripted(handler);

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => test.Client.CloseStreamAsync("orders-1"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/streams/orders-1/close", request.PathAndQuery);
    }

    [Fact]
    public async Task CommitAsync_InvalidArguments_AreRefusedBeforeAnyRequest()
    {
        var handler = new ScriptedHandler();
        using var test = TestClient.Scripted(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => test.Client.CommitAsync("orders-1", []));
        await Assert.ThrowsAsync<ArgumentException>(() => test.Client.CommitAsync("", TwoEvents));
        await Assert.ThrowsAsync<ArgumentException>(() => test.Client.CommitAsync("orders-1", TwoEvents, options: new CommitOptions { Metadata = "[1]" }));
        Assert.Throws<ArgumentException>(() => EventData.FromJson("{\"type\":"));
        Assert.Throws<ArgumentException>(() => EventData.FromJson("{} {}"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exactly(-1));
        Assert.Throws<FormatException>(() => CommitCondition.Parse("{\"selector\":[\"A\"]}"));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void ExpectedVersion_Values_AreDistinctAndSpelledAsOnTheWire()
    {
        Assert.Equal(ExpectedVersion.Any, default);
        Assert.True(ExpectedVersion.Any.IsAny);
        Assert.Null(ExpectedVersion.Any.Version);
        Assert.Equal(0, ExpectedVersion.Empty.Version);
        Assert.Equal(ExpectedVersion.Empty, ExpectedVersion.Exactly(0));
        Assert.NotEqual(ExpectedVersion.Any, ExpectedVersion.Empty);
        Assert.Equal(["any", "empty", "7"], new[] { ExpectedVersion.Any, ExpectedVersion.Empty, ExpectedVersion.Exactly(7) }.Select(v => v.ToString()));
        Assert.Equal("""{"selector":["A","B"],"noneMatchAfter":3,"matcher":{"payload":{"x":1}}}""", CommitCondition.Create(Selector.AnyOf("A", "B"), 3, """{"payload":{"x":1}}""").Json);
    }
}
