using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>Query, decide, commit with the condition, against the real Api; a concurrent commit in between makes the commit fail with 409.</summary>
public sealed class DcbTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private EventStoreClient Client => server.Client;

    [Fact]
    public async Task QueryDecideCommit_NothingIntervened_Commits()
    {
        var course = Names.Unique("course");
        await Client.CommitAsync(Names.Unique("student"), [Subscribed(course, "1")]);

        await using var result = await Client.QueryAsync(new DcbQuery(new DcbQueryItem(["StudentSubscribed"], [course])));
        var subscriptions = await result.ToListAsync();
        var head = await Client.GetStreamVersionAsync(EventStoreClient.AllStream);
        var committed = await Client.CommitAsync(Names.Unique("student"), [Subscribed(course, "2")], result.Condition);

        Assert.Single(subscriptions);
        Assert.Equal(head, result.Condition.NoneMatchAfter);
        Assert.Contains("\"tags/" + course + "\"", result.Condition.Json, StringComparison.Ordinal);
        Assert.Equal(head + 1, committed.FirstPosition);
    }

    [Fact]
    public async Task QueryDecideCommit_AConcurrentCommitIntervened_IsRefusedWithTheConflict()
    {
        var course = Names.Unique("course");
        var query = new DcbQuery(new DcbQueryItem(["StudentSubscribed"], [course]));

        await using var mine = await Client.QueryAsync(query);
        Assert.Empty(await mine.ToListAsync());
        await using var theirs = await Client.QueryAsync(query);
        Assert.Empty(await theirs.ToListAsync());
        var winner = await server.NewClient().Client.CommitAsync(Names.Unique("student"), [Subscribed(course, "8")], theirs.Condition);
        var exception = await Assert.ThrowsAsync<ConditionFailedException>(() => Client.CommitAsync(Names.Unique("student"), [Subscribed(course, "7")], mine.Condition));

        Assert.Equal(mine.Condition.NoneMatchAfter, exception.NoneMatchAfter);
        Assert.Equal(winner.FirstPosition, exception.ConflictingPosition);
        Assert.Equal("condition-failed", exception.Code);
        await using var again = await Client.QueryAsync(query);
        Assert.Single(await again.ToListAsync());
    }

    [Fact]
    public async Task QueryAsync_SelectorFromAndFilter_NarrowTheEventsAndTheCondition()
    {
        var stream = Names.Unique("orders");
        var first = await Client.CommitAsync(stream, [OrderPlaced.Of("1", 300).ToEvent(), OrderPlaced.Of("2", 5).ToEvent(), OrderPlaced.Of("3", 500).ToEvent()]);
        var filter = """{"payload":{"amount":{"$gte":100}},"stream":"{{stream}}"}""".Replace("{{stream}}", stream, StringComparison.Ordinal);

        await using var result = await Client.QueryAsync(Selector.AnyOf("OrderPlaced"), from: first.FirstPosition + 1, filter: filter);
        var events = await result.ToListAsync();

        Assert.Equal(["3"], events.Select(e => e.Deserialize(TestJsonContext.Default.OrderPlaced)!.OrderId));
        Assert.Contains("\"matcher\":", result.Condition.Json, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await result.ToListAsync());
    }

    [Fact]
    public async Task CommitAsync_ConditionAheadOfTheLog_IsABadRequest()
    {
        var condition = CommitCondition.Create(Selector.AnyOf("StudentSubscribed"), noneMatchAfter: 1_000_000_000);

        var exception = await Assert.ThrowsAsync<EventStoreBadRequestException>(() => Client.CommitAsync(Names.Unique("student"), [Subscribed("c", "1")], condition));

        Assert.Contains("noneMatchAfter", exception.Message, StringComparison.Ordinal);
    }

    private static EventData Subscribed(string course, string student) =>
        EventData.FromJson($$"""{"type":"StudentSubscribed","student":"{{student}}","tags":["{{course}}","student:{{student}}"]}""");
}
