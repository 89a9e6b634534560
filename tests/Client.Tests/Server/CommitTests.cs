using System.Net;
using System.Text;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>Commits against the real Api (embedded engine): expected versions, metadata, idempotency keys, retries written once, typed refusals.</summary>
public sealed class CommitTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private EventStoreClient Client => server.Client;

    [Fact]
    public async Task CommitAsync_ExpectedVersions_AreEnforcedAndTheResultsChain()
    {
        var stream = Names.Unique("orders");

        var first = await Client.CommitAsync(stream, [OrderPlaced.Of("1", 250).ToEvent()], ExpectedVersion.Empty);
        var empty = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Client.CommitAsync(stream, [OrderPlaced.Of("1", 250).ToEvent()], ExpectedVersion.Empty));
        var second = await Client.CommitAsync(stream, [OrderPlaced.Of("2", 10).ToEvent(), OrderPlaced.Of("3", 20).ToEvent()], ExpectedVersion.Exactly(first.Version));
        var stale = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Client.CommitAsync(stream, [OrderPlaced.Of("4", 1).ToEvent()], ExpectedVersion.Exactly(first.Version)));
        var any = await Client.CommitAsync(stream, [OrderPlaced.Of("5", 1).ToEvent()]);

        Assert.Equal((0, 1), (first.PreviousVersion, first.Version));
        Assert.Equal((1, 3), (second.PreviousVersion, second.Version));
        Assert.Equal(4, any.Version);
        Assert.Equal(first.LastPosition + 1, second.FirstPosition);
        Assert.Equal(second.FirstPosition + 1, second.LastPosition);
        Assert.Equal((stream, 0L, 1L), (empty.Stream, empty.ExpectedVersion!.Value, empty.ActualVersion!.Value));
        Assert.Equal((stream, 1L, 3L), (stale.Stream, stale.ExpectedVersion!.Value, stale.ActualVersion!.Value));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("wrong-expected-version", stale.Code);
        Assert.NotNull(stale.Problem!.TraceId);
        Assert.Equal(4, await Client.GetStreamVersionAsync(stream));

        var written = await Client.ReadAllAsync(ReadWindow.Starting(second.FirstPosition, second.EventCount)).ToListAsync();
        Assert.Equal(["2", "3"], written.Select(e => e.Deserialize(TestJsonContext.Default.OrderPlaced)!.OrderId));
        Assert.All(written, e => Assert.Equal(second.CommitId, e.CommitId));
        Assert.Equal([second.FirstPosition, second.LastPosition], written.Select(e => e.Position));
    }

    [Fact]
    public async Task CommitAsync_Metadata_IsStoredWithEveryEventAndReadBack()
    {
        var stream = Names.Unique("orders");

        await Client.CommitAsync(stream, [OrderPlaced.Of("1", 250).ToEvent(), OrderPlaced.Of("2", 5).ToEvent()], options: new CommitOptions { Metadata = """{"requestId":"req-1","nested":{"a":[1,2]}}""" });

        var events = await Client.ReadStreamAsync(stream).ToListAsync();
        Assert.All(events, e => Assert.Equal("""{"requestId":"req-1","nested":{"a":[1,2]}}""", Encoding.UTF8.GetString(e.CustomMetadata.Span)));
        Assert.Equal(new RequestMetadata("req-1"), events[1].DeserializeMetadata(TestJsonContext.Default.RequestMetadata));
        Assert.Equal([0, 1], events.Select(e => e.CommitVersion));
        Assert.All(events, e => Assert.Equal(2, e.CommitSize));
    }

    [Fact]
    public async Task CommitAsync_SameIdempotencyKey_IsReplayedAndWrittenOnce()
    {
        var stream = Names.Unique("orders");
        var key = Names.Unique("place-order");
        var options = new CommitOptions { IdempotencyKey = key };

        var first = await Client.CommitAsync(stream, [OrderPlaced.Of("1", 40).ToEvent()], options: options);
        var again = await Client.CommitAsync(stream, [OrderPlaced.Of("1", 40).ToEvent()], options: options);
        var other = await Assert.ThrowsAsync<EventStoreBadRequestException>(() => Client.CommitAsync(stream, [OrderPlaced.Of("1", 41).ToEvent()], options: options));

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.CommitId, again.CommitId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency-key-reused", other.Code);
        Assert.Equal(1, await Client.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task CommitAsync_AnswerLostAfterTheServerWroteIt_IsRetriedAndWrittenOnce()
    {
        var fault = new FaultInjectionHandler(FaultInjectionHandler.Fault.LoseTheAnswer);
        using var test = server.NewClient(inner: () => fault);
        var stream = Names.Unique("orders");

        var result = await test.Client.CommitAsync(stream, [OrderPlaced.Of("1", 250).ToEvent()], ExpectedVersion.Empty);

        Assert.Equal(2, fault.Attempts);
        Assert.Equal([result.IdempotencyKey, result.IdempotencyKey], fault.Keys);
        Assert.True(result.Replayed);
        Assert.Equal(1, result.Version);
        var events = await Client.ReadStreamAsync(stream).ToListAsync();
        Assert.Single(events);
    }

    [Fact]
    public async Task CommitAsync_ServiceUnavailableOnTheFirstAttempt_IsRetriedAndWrittenOnce()
    {
        var fault = new FaultInjectionHandler(FaultInjectionHandler.Fault.UnavailableBeforeSending, spoiled: 2);
        using var test = server.NewClient(inner: () => fault);
        var stream = Names.Unique("orders");

        var result = await test.Client.CommitAsync(stream, [OrderPlaced.Of("1", 250).ToEvent()]);

        Assert.Equal(3, fault.Attempts);
        Assert.False(result.Replayed);
        Assert.Equal(1, await Client.GetStreamVersionAsync(stream));
    }

    [Fact]
    public async Task CloseStreamAsync_ThenCommit_IsAConflictNamingTheClosedStream()
    {
        var stream = Names.Unique("orders");
        await Client.CommitAsync(stream, [OrderPlaced.Of("1", 1).ToEvent()]);

        await Client.CloseStreamAsync(stream);
        var exception = await Assert.ThrowsAsync<EventStoreConflictException>(() => Client.CommitAsync(stream, [OrderPlaced.Of("2", 1).ToEvent()]));
        var again = await Assert.ThrowsAsync<EventStoreConflictException>(() => Client.CloseStreamAsync(stream));

        Assert.Equal("stream-closed", exception.Code);
        Assert.Equal(stream, exception.Problem!.GetString("stream"));
        Assert.Equal("stream-closed", again.Code);
        Assert.Contains(await Client.ListStreamsAsync(), s => s.Stream == stream && s.Closed && s.Kind == "write" && s.Version == 1);
    }

    [Fact]
    public async Task CommitAsync_InvalidOnTheServer_IsABadRequestNamingTheProblem()
    {
        var exception = await Assert.ThrowsAsync<EventStoreBadRequestException>(() =>
            Client.CommitAsync(Names.Unique("orders"), [OrderPlaced.Of("1", 1).ToEvent()], options: new CommitOptions { Metadata = """{"commitId":7}""" }));
        await Client.CommitAsync(Names.Unique("orders"), [OrderPlaced.Of("1", 1).ToEvent()]);
        var readOnly = await Assert.ThrowsAsync<EventStoreConflictException>(() => Client.CommitAsync("OrderPlaced", [EventData.FromJson("""{"type":"Forged"}""")]));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Contains("commitId", exception.Message, StringComparison.Ordinal);
        Assert.Equal("stream-read-only", readOnly.Code);
    }
}
