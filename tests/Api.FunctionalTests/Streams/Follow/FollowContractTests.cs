using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.Follow;

/// <summary>
/// The follow contract (<c>?follow=true</c>, issue 14) against a real Kestrel server, once per storage provider
/// (<see cref="FollowOnEmbeddedTests"/>, <see cref="FollowOnPostgresTests"/>): history, <c>caughtUp</c> at the head,
/// live events, heartbeats whose position advances past what the follower does not match, resume by
/// <c>Last-Event-ID</c> and <c>?after</c> exactly once and without a gap, SSE, and a follower that does not read.
/// Heartbeats come every <see cref="HeartbeatMs"/>; no test depends on their timing, only on their order.
/// </summary>
public abstract class FollowContractTests : IAsyncLifetime
{
    protected const int HeartbeatMs = 200;

    private KestrelApiFactory? _factory;

    protected KestrelApiFactory Factory => _factory!;

    protected HttpClient Client => Factory.Client;

    public async Task InitializeAsync()
    {
        _factory = await CreateFactoryAsync();
        _factory.With("EventStore:FollowHeartbeatMs", HeartbeatMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await DisposeStorageAsync();
    }

    protected abstract Task<KestrelApiFactory> CreateFactoryAsync();

    protected virtual Task DisposeStorageAsync() => Task.CompletedTask;

    [Fact]
    public async Task Stream_SendsTheStoredLinesWithTheirPositions_CaughtUpAtTheHead_ThenLiveEvents_ThenHeartbeats()
    {
        await Client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\",\"n\":1}", "{\"type\":\"OrderPaid\",\"n\":1}");
        await Client.CommitAsync("other-1", "{\"type\":\"Other\"}");
        var plain = (await Client.GetStringAsync("/streams/orders-1")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        await using var follow = await FollowConnection.OpenAsync(Client, "/streams/orders-1?follow=true");
        var first = await follow.NextLineAsync();
        var second = await follow.NextLineAsync();
        var caughtUp = await follow.NextLineAsync();
        await Client.CommitAsync("orders-1", "{\"type\":\"OrderShipped\"}");
        var live = await follow.NextEventAsync();
        await Client.CommitAsync("other-1", "{\"type\":\"Other\"}");
        var afterOther = await follow.UntilHeartbeatAsync(5);

        Assert.Equal("application/x-ndjson; charset=utf-8", follow.Response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", follow.Response.Headers.CacheControl?.ToString());
        Assert.Equal(plain[0][..^2] + ",\"position\":1}}", first);
        Assert.Equal(plain[1][..^2] + ",\"position\":2}}", second);
        Assert.Equal("{\"caughtUp\":{\"position\":3}}", caughtUp);
        Assert.Equal(4, FollowConnection.PositionOf(live));
        Assert.Equal("OrderShipped", live["payload"]!["type"]!.GetValue<string>());
        Assert.Equal(2, live["metadata"]!["streamVersion"]!.GetValue<long>());
        Assert.Empty(afterOther);
    }

    [Fact]
    public async Task All_FromAPosition_SendsFromThere_ThenEveryNewEvent()
    {
        await Client.CommitAsync("a-1", "{\"type\":\"A\"}", "{\"type\":\"A\"}", "{\"type\":\"A\"}");

        await using var follow = await FollowConnection.OpenAsync(Client, "/streams/_all/from/2?follow=true");
        var (history, caughtUp) = await follow.HistoryAsync();
        await Client.CommitAsync("b-1", "{\"type\":\"B\"}");
        var live = await follow.NextEventAsync();

        Assert.Equal([2L, 3L], history.Select(FollowConnection.PositionOf));
        Assert.Equal(3, caughtUp);
        Assert.Equal(4, FollowConnection.PositionOf(live));
        Assert.Equal("b-1", live["stream"]!.GetValue<string>());
    }

    [Fact]
    public async Task Join_SendsOnlyItsStreams_AndItsHeartbeatsPassCommitsElsewhere()
    {
        await Client.CommitAsync("a-1", "{\"type\":\"A\"}");
        await Client.CommitAsync("b-1", "{\"type\":\"B\"}");
        await Client.CommitAsync("c-1", "{\"type\":\"C\"}");

        await using var follow = await FollowConnection.OpenAsync(Client, "/streams/join?streams=a-1,b-1&follow=true");
        var (history, caughtUp) = await follow.HistoryAsync();
        await Client.CommitAsync("c-1", "{\"type\":\"C\"}");
        var pastC = await follow.UntilHeartbeatAsync(4);
        await Client.CommitAsync("b-1", "{\"type\":\"B\"}");
        var live = await follow.NextEventAsync();

        Assert.Equal(["a-1", "b-1"], history.Select(line => line["stream"]!.GetValue<string>()));
        Assert.Equal(3, caughtUp);
        Assert.Empty(pastC);
        Assert.Equal(5, FollowConnection.PositionOf(live));
    }

    [Fact]
    public async Task Category_SendsItsMembers_IncludingAStreamCreatedWhileFollowing()
    {
        await Client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}");
        await Client.CommitAsync("invoices-1", "{\"type\":\"InvoiceSent\"}");
        await Client.CommitAsync("orders/eu/1", "{\"type\":\"OrderPlaced\"}");

        await using var follow = await FollowConnection.OpenAsync(Client, "/streams/category/orders?follow=true");
        var (history, caughtUp) = await follow.HistoryAsync();
        await Client.CommitAsync("invoices-1", "{\"type\":\"InvoiceSent\"}");
        await Client.CommitAsync("orders-9", "{\"type\":\"OrderPlaced\"}");
        var live = await follow.NextEventAsync();

        Assert.Equal(["orders-1", "orders/eu/1"], history.Select(line => line["stream"]!.GetValue<string>()));
        Assert.Equal(3, caughtUp);
        Assert.Equal("orders-9", live["stream"]!.GetValue<string>());
        Assert.Equal(5, FollowConnection.PositionOf(live));
    }

    [Fact]
    public async Task Query_SendsTheMatchingEventsAndTheCondition_ThenNewMatchingEvents()
    {
        await Client.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\"}", "{\"type\":\"OrderPaid\"}");
        await Client.CommitAsync("orders-2", "{\"type\":\"OrderPlaced\"}");

        await using var follow = await FollowConnection.OpenAsync(Client, "/query?types=OrderPlaced&follow=true");
        var (history, caughtUp) = await follow.HistoryAsync();
        await Client.CommitAsync("orders-2", "{\"type\":\"OrderPaid\"}");
        await Client.CommitAsync("orders-3", "{\"type\":\"OrderPlaced\"}");
        var live = await follow.NextEventAsync();

        Assert.Equal([1L, 3L], history.Select(FollowConnection.PositionOf));
        Assert.Equal(3, caughtUp);
        Assert.Equal(5, FollowConnection.PositionOf(live));
        Assert.Contains("\"noneMatchAfter\":3", follow.Response.Headers.GetValues("x-event-store-query-condition").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FilteredFollower_GetsHeartbeatsWhosePositionPassesTheEventsItDoesNotMatch()
    {
        await using var follow = await FollowConnection.OpenAsync(Client, "/streams/_all?follow=true&filter=" + Uri.EscapeDataString("{\"payload\":{\"amount\":{\"$gte\":100}}}"));
        var (history, caughtUp) = await follow.HistoryAsync();
        for (var i = 0; i < 3; i++)
        {
            await Client.CommitAsync("orders-" + i, "{\"type\":\"OrderPlaced\",\"amount\":5}");
        }

        var skipped = await follow.UntilHeartbeatAsync(3);
        await Client.CommitAsync("orders-9", "{\"type\":\"OrderPlaced\",\"amount\":500}");
        var live = await follow.NextEventAsync();

        Assert.Empty(history);
        Assert.Equal(0, caughtUp);
        Assert.Empty(skipped);
        Assert.Equal(4, FollowConnection.PositionOf(live));
    }

    [Fact]
    public async Task ResumeWithLastEventIdOrAfter_SendsWhatWasCommittedWhileDisconnected_ExactlyOnce()
    {
        await Client.CommitAsync("orders-1", "{\"type\":\"A\"}");
        long seen;
        await using (var first = await FollowConnection.OpenAsync(Client, "/streams/_all?follow=true"))
        {
            await first.HistoryAsync();
            await Client.CommitAsync("orders-2", "{\"type\":\"B\"}");
            seen = FollowConnection.PositionOf(await first.NextEventAsync());
        }

        await Client.CommitAsync("orders-1", "{\"type\":\"C\"}");
        await Client.CommitAsync("orders-2", "{\"type\":\"D\"}");
        await using var byHeader = await FollowConnection.OpenAsync(
            Client, "/streams/_all?follow=true", request => request.Headers.Add("Last-Event-ID", seen.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (resumed, resumedAt) = await byHeader.HistoryAsync();
        await using var byQuery = await FollowConnection.OpenAsync(Client, $"/streams/orders-1?follow=true&after={seen}");
        var (streamResumed, _) = await byQuery.HistoryAsync();
        await using var fromCaughtUp = await FollowConnection.OpenAsync(Client, $"/streams/_all?follow=true&after={resumedAt}");
        var (nothingNew, _) = await fromCaughtUp.HistoryAsync();

        Assert.Equal(2, seen);
        Assert.Equal(["C", "D"], resumed.Select(line => line["payload"]!["type"]!.GetValue<string>()));
        Assert.Equal([3L, 4L], resumed.Select(FollowConnection.PositionOf));
        Assert.Equal(4, resumedAt);
        Assert.Equal([3L], streamResumed.Select(FollowConnection.PositionOf));
        Assert.Empty(nothingNew);
    }

    [Fact]
    public async Task ServerSentEvents_FrameEveryLine_AndResumeAfterTheLastId()
    {
        await Client.CommitAsync("orders-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
        static void AcceptEvents(HttpRequestMessage request) => request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var plain = (await Client.GetStringAsync("/streams/orders-1")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        (string? Id, string? Event, string Data) first, second, caughtUp;
        await using (var events = await FollowConnection.OpenAsync(Client, "/streams/orders-1?follow=true", AcceptEvents))
        {
            Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType?.MediaType);
            first = await events.NextFrameAsync();
            second = await events.NextFrameAsync();
            caughtUp = await events.NextFrameAsync();
        }

        await Client.CommitAsync("orders-1", "{\"type\":\"C\"}");
        await using var resumed = await FollowConnection.OpenAsync(Client, "/streams/orders-1?follow=true", request =>
        {
            AcceptEvents(request);
            request.Headers.Add("Last-Event-ID", first.Id);
        });
        var next = await resumed.NextFrameAsync();
        var third = await resumed.NextFrameAsync();
        var again = await resumed.NextFrameAsync();

        Assert.Equal(("1", "event", plain[0][..^2] + ",\"position\":1}}"), first);
        Assert.Equal(("2", "event", plain[1][..^2] + ",\"position\":2}}"), second);
        Assert.Equal(("2", "caughtUp", "{\"caughtUp\":{\"position\":2}}"), caughtUp);
        Assert.Equal(("2", "event"), (next.Id, next.Event));
        Assert.Equal(("3", "event"), (third.Id, third.Event));
        Assert.Equal("C", JsonNode.Parse(third.Data)!["payload"]!["type"]!.GetValue<string>());
        Assert.Equal(("3", "caughtUp", "{\"caughtUp\":{\"position\":3}}"), again);
    }

    [Fact]
    public async Task Stream_WindowStartingPastItsEnd_SendsItsEventsFromThatRevisionOnly()
    {
        await Client.CommitAsync("orders-1", "{\"type\":\"A\"}");

        await using var follow = await FollowConnection.OpenAsync(Client, "/streams/orders-1/from/3?follow=true");
        var (history, caughtUp) = await follow.HistoryAsync();
        await Client.CommitAsync("orders-1", "{\"type\":\"B\"}");
        await Client.CommitAsync("other-1", "{\"type\":\"X\"}");
        await Client.CommitAsync("orders-1", "{\"type\":\"C\"}", "{\"type\":\"D\"}");
        var third = await follow.NextEventAsync();
        var fourth = await follow.NextEventAsync();

        Assert.Empty(history);
        Assert.Equal(1, caughtUp);
        Assert.Equal(("C", 2L, 4L), (third["payload"]!["type"]!.GetValue<string>(), third["metadata"]!["streamVersion"]!.GetValue<long>(), FollowConnection.PositionOf(third)));
        Assert.Equal(5, FollowConnection.PositionOf(fourth));
    }

    /// <summary>
    /// A follower that stops reading while 10,000 events of 6 KB (60 MB) are committed: the server keeps no queue for
    /// it (the live memory of the process, which hosts the server, grows by about what the same commits cost without a
    /// follower, 6-20 MB measured, far from the 60 MB a queue would hold; the kernel's socket buffers, ~4 MB, are not
    /// in it), and once it reads again it gets every event, in order, none skipped. The class runs alone
    /// (<see cref="FollowCollection"/>), so no other test's memory counts.
    /// </summary>
    [Fact]
    public async Task SlowFollower_IsNotBufferedFor_AndThenGetsEveryEventInOrder()
    {
        const int Commits = 200;
        const int PerCommit = 50;
        await using var follow = await FollowConnection.OpenSlowAsync(Client.BaseAddress!, "/streams/_all?follow=true");
        var (_, start) = await follow.HistoryAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var pad = new string('x', 6000);
        for (var commit = 0; commit < Commits; commit++)
        {
            var events = Enumerable.Range(0, PerCommit).Select(i => $"{{\"type\":\"Big\",\"n\":{(commit * PerCommit) + i},\"pad\":\"{pad}\"}}");
            await Client.CommitAsync("big-" + (commit % 7), [.. events]);
        }

        var during = GC.GetTotalMemory(forceFullCollection: true);
        var positions = new List<long>(Commits * PerCommit);
        var numbers = new List<long>(Commits * PerCommit);
        while (positions.Count < Commits * PerCommit)
        {
            var line = await follow.NextEventAsync();
            positions.Add(FollowConnection.PositionOf(line));
            numbers.Add(line["payload"]!["n"]!.GetValue<long>());
        }

        var growth = during - before;
        Assert.True(growth < 32 * 1024 * 1024, $"the live memory grew by {growth / (1024 * 1024)} MB while the follower did not read 60 MB");
        Assert.Equal(0, start);
        Assert.Equal(Enumerable.Range(1, Commits * PerCommit).Select(i => (long)i), positions);
        Assert.Equal(Enumerable.Range(0, Commits * PerCommit).Select(i => (long)i), numbers);
        Assert.Empty(await follow.UntilHeartbeatAsync(Commits * PerCommit));
    }
}
