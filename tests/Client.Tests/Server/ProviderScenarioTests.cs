using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>
/// What a .NET service does with the client (commit, conflict, retry, read, query-decide-commit), run against the Api
/// on each storage provider: the embedded engine and PostgreSQL.
/// </summary>
public abstract class ProviderScenarioTests(ServerFixture server)
{
    [Fact]
    public async Task CommitConflictRetryAndRead_BehaveTheSame()
    {
        var fault = new FaultInjectionHandler(FaultInjectionHandler.Fault.LoseTheAnswer);
        using var flaky = server.NewClient(inner: () => fault);
        var client = server.Client;
        var stream = Names.Unique("orders");

        var first = await flaky.Client.CommitAsync(stream, [OrderPlaced.Of("1", 250).ToEvent()], ExpectedVersion.Empty, new CommitOptions { Metadata = """{"requestId":"r-1"}""" });
        var conflict = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => client.CommitAsync(stream, [OrderPlaced.Of("2", 1).ToEvent()], ExpectedVersion.Empty));
        var second = await client.CommitAsync(stream, [OrderPlaced.Of("2", 5).ToEvent(), OrderPlaced.Of("3", 7).ToEvent()], ExpectedVersion.Exactly(first.Version));
        var events = await client.ReadStreamAsync(stream).ToListAsync();
        var last = await client.ReadAllAsync(ReadWindow.Last(1)).ToListAsync();

        Assert.True(first.Replayed);
        Assert.Equal(2, fault.Attempts);
        Assert.Equal(1, conflict.ActualVersion);
        Assert.Equal(3, second.Version);
        Assert.Equal(["1", "2", "3"], events.Select(e => e.Deserialize(TestJsonContext.Default.OrderPlaced)!.OrderId));
        Assert.Equal([first.FirstPosition, second.FirstPosition, second.LastPosition], events.Select(e => e.Position));
        Assert.Equal("""{"requestId":"r-1"}""", System.Text.Encoding.UTF8.GetString(events[0].CustomMetadata.Span));
        Assert.Equal(second.LastPosition, Assert.Single(last).Position);
    }

    [Fact]
    public async Task QueryDecideCommit_AConcurrentCommitIntervened_IsRefused()
    {
        var client = server.Client;
        var course = Names.Unique("course");
        var query = new DcbQuery(new DcbQueryItem(["StudentSubscribed"], [course]));

        await using var mine = await client.QueryAsync(query);
        var seen = await mine.ToListAsync();
        await client.CommitAsync(Names.Unique("student"), [EventData.FromJson($$"""{"type":"StudentSubscribed","tags":["{{course}}"]}""")]);
        var exception = await Assert.ThrowsAsync<ConditionFailedException>(() =>
            client.CommitAsync(Names.Unique("student"), [EventData.FromJson($$"""{"type":"StudentSubscribed","tags":["{{course}}"]}""")], mine.Condition));

        Assert.Empty(seen);
        Assert.Equal(mine.Condition.NoneMatchAfter + 1, exception.ConflictingPosition);
    }
}
