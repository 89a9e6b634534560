using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage;

/// <summary>
/// The semantics every storage provider must have. A provider's test class inherits this and supplies a store
/// (type accessor <c>type</c>, tags accessor <c>tags</c>, a commit limit of <see cref="CommitLimitBytes"/>) that
/// <see cref="ReopenAsync"/> can close and reopen, and a way to hold its writer so that several operations are checked
/// in one group (<see cref="HoldNextGroupAsync"/>).
/// </summary>
public abstract class EventStoreContractTests : IAsyncLifetime
{
    private static readonly MatcherParser Matchers = StoreFactory.Matchers();
    private static readonly EventFilterFactory Filters = new();

    protected IEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await OpenAsync();

    public virtual async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    /// <summary>The largest commit the store under test takes (a provider may count its own framing against it).</summary>
    protected const long CommitLimitBytes = 4 * 1024 * 1024;

    protected abstract Task<IEventStore> OpenAsync();

    /// <summary>Parks the store's writer before its next group; what is queued until the handle is disposed is one group.</summary>
    protected abstract Task<IDisposable> HoldNextGroupAsync();

    /// <summary>Closes the store and opens it again over the same data.</summary>
    protected async Task ReopenAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Store = await OpenAsync();
    }

    [Fact]
    public async Task Commit_NewStream_ReturnsPositionsAndStoresTheDocumentExactly()
    {
        var first = await Store.CommitAsync(StoreExtensions.Request("orders-1", ["{\"type\":\"OrderPlaced\",\"id\":1}", "{\"type\":\"OrderPaid\"}"], metadataMembers: "\"requestId\":\"r1\""), default);
        var second = await Store.CommitAsync("orders-2", "{\"type\":\"OrderPlaced\",\"id\":2}");

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal(0, first.CommitId);
        Assert.Equal(0, first.StreamVersion);
        Assert.Equal(2, second.CommitId);
        var lines = await Store.ReadStreamAsync("orders-1");
        Assert.Equal(2, lines.Count);
        Assert.Equal(
            $"{{\"stream\":\"orders-1\",\"payload\":{{\"type\":\"OrderPaid\"}},\"metadata\":{{\"commitId\":0,\"committedAt\":{first.CommittedAt},\"commitVersion\":1,\"commitSize\":2,\"requestId\":\"r1\",\"streamVersion\":1}}}}",
            lines[1]);
        Assert.Equal(3, await Store.GetHeadAsync(default));
    }

    [Fact]
    public async Task Commit_ExpectedVersion_IsCheckedAgainstTheStream()
    {
        await Store.CommitAsync("s", "{\"n\":1}");

        var wrong = await Store.CommitAsync(StoreExtensions.Request("s", ["{\"n\":2}"], ExpectedVersion.Exactly(5)), default);
        var empty = await Store.CommitAsync(StoreExtensions.Request("s", ["{\"n\":2}"], ExpectedVersion.Empty), default);
        var right = await Store.CommitAsync(StoreExtensions.Request("s", ["{\"n\":2}"], ExpectedVersion.Exactly(1)), default);

        Assert.Equal(CommitStatus.WrongExpectedVersion, wrong.Status);
        Assert.Equal(1, wrong.ActualVersion);
        Assert.Equal(CommitStatus.WrongExpectedVersion, empty.Status);
        Assert.Equal(CommitStatus.Committed, right.Status);
        Assert.Equal(1, right.StreamVersion);
    }

    [Fact]
    public async Task Commit_Rejected_CreatesNothing()
    {
        var outcome = await Store.CommitAsync(StoreExtensions.Request("fresh", ["{\"type\":\"X\"}"], ExpectedVersion.Exactly(3)), default);

        Assert.Equal(CommitStatus.WrongExpectedVersion, outcome.Status);
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("fresh"), default));
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("X"), default));
        Assert.Equal(0, await Store.GetHeadAsync(default));
    }

    [Fact]
    public async Task Commit_InvalidDerivedType_IsRejectedWithTheOriginalMessage()
    {
        var outcome = await Store.CommitAsync("s", "{\"type\":\"bad..type\"}");

        Assert.Equal(CommitStatus.InvalidDerivedStream, outcome.Status);
        Assert.Equal("events[0]: Invalid stream name \"bad..type\" derived from path \"type\".", outcome.Error);
        Assert.Null(await Store.GetStreamAsync(StreamName.Parse("s"), default));
    }

    [Fact]
    public async Task Read_Windows_FollowRevisionsInBothDirections()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.CommitAsync("w", $"{{\"n\":{i}}}");
        }

        Assert.Equal(["2", "3"], (await Store.ReadStreamAsync("w", 2, 3)).Payload("n"));
        Assert.Equal(["5", "4", "3"], (await Store.ReadStreamAsync("w", 5, 3)).Payload("n"));
        Assert.Equal(["5"], (await Store.ReadStreamAsync("w", 5, 99)).Payload("n"));
        Assert.Equal(["1", "2", "3", "4", "5"], (await Store.ReadStreamAsync("w")).Payload("n"));
    }

    [Fact]
    public async Task Read_All_ReturnsGlobalOrderAndPositions()
    {
        await Store.CommitAsync("a", "{\"n\":1}");
        await Store.CommitAsync("b", "{\"n\":2}");
        await Store.CommitAsync("a", "{\"n\":3}");

        var all = await Store.ReadStreamAsync("_all");
        var second = await Store.ReadStreamAsync("_all", 2, 2);
        var backwards = await Store.ReadStreamAsync("_all", 3, 1);

        Assert.Equal(["1", "2", "3"], all.Payload("n"));
        Assert.Equal(["b"], second.Streams());
        Assert.Equal(["3", "2", "1"], backwards.Payload("n"));
        Assert.Equal(new SourceVersion(3, false), await Store.GetVersionAsync(new ReadSource.Stream(StreamName.All), default));
    }

    [Fact]
    public async Task TypesAndTags_DeriveStreamsAtomicallyWithTheCommit()
    {
        await Store.CommitAsync("orders-1", "{\"type\":\"OrderPlaced\",\"tags\":[\"featured\",\"eu\"]}", "{\"type\":\"OrderShipped\",\"tags\":[\"eu\"]}");
        await Store.CommitAsync("orders-2", "{\"type\":\"OrderPlaced\",\"tags\":[\"us\", 5]}");

        Assert.Equal(["orders-1", "orders-2"], (await Store.ReadStreamAsync("OrderPlaced")).Streams());
        Assert.Equal(2, (await Store.ReadStreamAsync("tags/eu")).Count);
        Assert.Single(await Store.ReadStreamAsync("tags/us"));
        var kinds = new Dictionary<string, StreamKind>();
        await foreach (var stream in Store.ListStreamsAsync(default))
        {
            kinds[stream.Name.Value] = stream.Kind;
        }

        Assert.Equal(StreamKind.Write, kinds["orders-1"]);
        Assert.Equal(StreamKind.Type, kinds["OrderPlaced"]);
        Assert.Equal(StreamKind.Tag, kinds["tags/featured"]);
    }

    [Fact]
    public async Task ListStreams_IsInCreationOrderWithVersions()
    {
        await Store.CommitAsync("b", "{}");
        await Store.CommitAsync("a", "{}", "{}");

        var streams = new List<StreamInfo>();
        await foreach (var stream in Store.ListStreamsAsync(default))
        {
            streams.Add(stream);
        }

        Assert.Equal(["b", "a"], streams.Select(s => s.Name.Value));
        Assert.Equal([1L, 2L], streams.Select(s => s.Version));
    }

    [Fact]
    public async Task CloseStream_SealsTheStream()
    {
        await Store.CommitAsync("c", "{}");

        var closed = await Store.CloseStreamAsync(StreamName.Parse("c"), default);
        var again = await Store.CloseStreamAsync(StreamName.Parse("c"), default);
        var missing = await Store.CloseStreamAsync(StreamName.Parse("nope"), default);
        var commit = await Store.CommitAsync("c", "{}");

        Assert.Equal(StreamChangeStatus.Done, closed.Status);
        Assert.Equal(StreamChangeStatus.AlreadyClosed, again.Status);
        Assert.Equal(StreamChangeStatus.NotFound, missing.Status);
        Assert.Equal(CommitStatus.StreamClosed, commit.Status);
        Assert.True((await Store.GetStreamAsync(StreamName.Parse("c"), default))!.Closed);
        Assert.Single(await Store.ReadStreamAsync("c"));
    }

    [Fact]
    public async Task CreateStream_BackfillsAndFollowsNewEvents()
    {
        await Store.CommitAsync("users-1", "{\"type\":\"UserCreated\"}");
        await Store.CommitAsync("users-2", "{\"type\":\"UserCreated\"}");
        var matcher = Matchers.Parse("{\"stream\":[\"users-1\"]}", "matcher").Value!;

        var created = await Store.CreateStreamAsync(StreamName.Parse("users"), matcher, default);
        var again = await Store.CreateStreamAsync(StreamName.Parse("users"), matcher, default);
        await Store.CommitAsync("users-1", "{\"type\":\"UserEmailUpdated\"}");
        await Store.CommitAsync("users-2", "{\"type\":\"UserEmailUpdated\"}");

        Assert.Equal(StreamChangeStatus.Done, created.Status);
        Assert.Equal(1, created.Version);
        Assert.Equal(StreamChangeStatus.AlreadyExists, again.Status);
        Assert.Equal(["UserCreated", "UserEmailUpdated"], (await Store.ReadStreamAsync("users")).Payload("type"));
        var info = await Store.GetStreamAsync(StreamName.Parse("users"), default);
        Assert.Equal(StreamKind.Derived, info!.Kind);
        Assert.Equal("{\"stream\":[\"users-1\"]}", info.Matcher!.Json);
    }

    [Fact]
    public async Task Join_FollowsTheSelectorAlgebraInGlobalOrder()
    {
        await Store.CommitAsync("o-1", "{\"type\":\"OrderPlaced\",\"id\":\"1\",\"tags\":[\"featured\",\"eu\"]}");
        await Store.CommitAsync("o-2", "{\"type\":\"OrderPlaced\",\"id\":\"2\",\"tags\":[\"featured\"]}");
        await Store.CommitAsync("o-1", "{\"type\":\"OrderConfirmed\",\"id\":\"1\",\"tags\":[\"featured\",\"eu\"]}");

        var union = await Store.ReadLinesAsync(Join("[\"o-2\",\"o-1\",\"missing\"]"), new ResolvedWindow(1, 99));
        var intersection = await Store.ReadLinesAsync(Join("[[\"tags/featured\",\"tags/eu\",[\"OrderPlaced\"]]]"), new ResolvedWindow(1, 99));
        var withAllInOr = await Store.ReadLinesAsync(Join("[\"_all\",\"o-1\"]"), new ResolvedWindow(1, 99));
        var withAllInAnd = await Store.ReadLinesAsync(Join("[[\"_all\",\"o-2\"]]"), new ResolvedWindow(1, 99));
        var window = await Store.ReadLinesAsync(Join("[\"o-1\"]"), new ResolvedWindow(3, 3));
        var backwards = await Store.ReadLinesAsync(Join("[\"o-1\",\"o-2\"]"), new ResolvedWindow(3, 1));

        Assert.Equal(["1", "2", "1"], union.Payload("id"));
        Assert.Equal(["1"], intersection.Payload("id"));
        Assert.Equal(3, withAllInOr.Count);
        Assert.Equal(["2"], withAllInAnd.Payload("id"));
        Assert.Equal(["OrderConfirmed"], window.Payload("type"));
        Assert.Equal(["OrderConfirmed", "OrderPlaced", "OrderPlaced"], backwards.Payload("type"));
    }

    [Fact]
    public async Task Category_IncludesFlatAndNestedMembersOnly()
    {
        await Store.CommitAsync("orders-1", "{\"n\":1}");
        await Store.CommitAsync("orders/eu/1", "{\"n\":2}");
        await Store.CommitAsync("ordersx-1", "{\"n\":3}");
        await Store.CommitAsync("orders/eu/2", "{\"n\":4}");

        var orders = await Store.ReadLinesAsync(new ReadSource.Category("orders"), new ResolvedWindow(1, 99));
        var eu = await Store.ReadLinesAsync(new ReadSource.Category("orders/eu"), new ResolvedWindow(1, 99));

        Assert.Equal(["1", "2", "4"], orders.Payload("n"));
        Assert.Equal(["2", "4"], eu.Payload("n"));
        Assert.Null(await Store.GetVersionAsync(new ReadSource.Category("nothing"), default));
    }

    [Fact]
    public async Task Read_Filter_SkipsEventsOnRawBytes()
    {
        await Store.CommitAsync("f", "{\"amount\":50}", "{\"amount\":150}", "{\"amount\":250}");
        var filter = Filters.Create(Matchers.Parse("{\"payload\":{\"amount\":{\"$gte\":100,\"$lt\":200}}}", "filter").Value!);

        var lines = await Store.ReadLinesAsync(new ReadSource.Stream(StreamName.Parse("f")), new ResolvedWindow(1, 3), filter);

        Assert.Equal(["150"], lines.Payload("amount"));
    }

    [Fact]
    public async Task Condition_ConflictsOnlyWithMatchingEventsAfterItsPosition()
    {
        await Store.CommitAsync("course-1", "{\"type\":\"CourseDefined\",\"tags\":[\"course-1\"]}");
        var condition = new CommitCondition(Selector.Stream(StreamName.Parse("tags/course-1")), null, NoneMatchAfter: 1);
        var matchingCondition = new CommitCondition(
            Selector.Stream(StreamName.Parse("tags/course-1")),
            Matchers.Parse("{\"payload\":{\"type\":\"StudentSubscribed\"}}", "matcher").Value,
            NoneMatchAfter: 1);

        var first = await Store.CommitAsync(StoreExtensions.Request("s-1", ["{\"type\":\"StudentSubscribed\",\"tags\":[\"course-1\"]}"], condition: condition), default);
        var stale = await Store.CommitAsync(StoreExtensions.Request("s-2", ["{\"type\":\"StudentSubscribed\",\"tags\":[\"course-1\"]}"], condition: condition), default);
        var unrelated = await Store.CommitAsync(StoreExtensions.Request("s-3", ["{\"type\":\"Other\"}"], condition: new CommitCondition(Selector.Stream(StreamName.Parse("tags/course-2")), null, 1)), default);
        var filtered = await Store.CommitAsync(StoreExtensions.Request("s-4", ["{\"type\":\"Other\"}"], condition: matchingCondition), default);

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal(CommitStatus.ConditionFailed, stale.Status);
        Assert.Equal(2, stale.ConflictingPosition);
        Assert.Equal(CommitStatus.Committed, unrelated.Status);
        Assert.Equal(CommitStatus.ConditionFailed, filtered.Status);
    }

    [Fact]
    public async Task Condition_ConcurrentCommitsWithTheSameCondition_ExactlyOneWins()
    {
        await Store.CommitAsync("seed", "{\"type\":\"Seed\"}");
        var head = await Store.GetHeadAsync(default);
        var condition = new CommitCondition(Selector.Stream(StreamName.Parse("Reserved")), null, head);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Store.CommitAsync(StoreExtensions.Request($"seat-{i}", ["{\"type\":\"Reserved\"}"], condition: condition), default).AsTask()));
        var unrelated = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Store.CommitAsync(StoreExtensions.Request($"other-{i}", ["{\"type\":\"Noted\"}"], condition: condition with { NoneMatchAfter = head + 1 }), default).AsTask()));

        Assert.Equal(1, outcomes.Count(o => o.Status == CommitStatus.Committed));
        Assert.Equal(9, outcomes.Count(o => o.Status == CommitStatus.ConditionFailed));
        Assert.All(unrelated, o => Assert.Equal(CommitStatus.Committed, o.Status));
    }

    [Fact]
    public async Task Concurrency_FiftyCommitsWithAny_GetVersionsZeroToFortyNineOnce()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Store.CommitAsync("hot", $"{{\"n\":{i}}}").AsTask()));

        Assert.All(outcomes, o => Assert.Equal(CommitStatus.Committed, o.Status));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), outcomes.Select(o => o.StreamVersion).Order());
        Assert.Equal(50, (await Store.GetStreamAsync(StreamName.Parse("hot"), default))!.Version);
    }

    [Fact]
    public async Task Concurrency_TwentyCommitsWithTheSameExpectedVersion_ExactlyOneWins()
    {
        await Store.CommitAsync("race", "{}");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Store.CommitAsync(StoreExtensions.Request("race", [$"{{\"n\":{i}}}"], ExpectedVersion.Exactly(1)), default).AsTask()));

        Assert.Equal(1, outcomes.Count(o => o.Status == CommitStatus.Committed));
        Assert.Equal(19, outcomes.Count(o => o.Status == CommitStatus.WrongExpectedVersion));
        Assert.Equal(2, (await Store.GetStreamAsync(StreamName.Parse("race"), default))!.Version);
    }

    [Fact]
    public async Task Idempotency_SameKeyAndRequest_ReturnsTheFirstResultAndWritesNothing()
    {
        var token = new IdempotencyToken("key-1", 42);
        var first = await Store.CommitAsync(StoreExtensions.Request("idem", ["{}"], idempotency: token), default);
        var retry = await Store.CommitAsync(StoreExtensions.Request("idem", ["{}"], idempotency: token), default);
        var other = await Store.CommitAsync(StoreExtensions.Request("idem", ["{}"], idempotency: token with { RequestHash = 43 }), default);

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal(CommitStatus.Duplicate, retry.Status);
        Assert.Equal((first.CommitId, first.CommittedAt, first.StreamVersion), (retry.CommitId, retry.CommittedAt, retry.StreamVersion));
        Assert.Equal(CommitStatus.IdempotencyKeyReused, other.Status);
        Assert.Equal(1, await Store.GetHeadAsync(default));
    }

    [Fact]
    public async Task WaitForChange_WakesOnACommitToTheStream()
    {
        await Store.CommitAsync("wait", "{}");
        var source = new ReadSource.Stream(StreamName.Parse("wait"));

        var waiting = Store.WaitForChangeAsync(source, 1, CancellationToken.None).AsTask();
        await Store.CommitAsync("elsewhere", "{}");
        await Store.CommitAsync("wait", "{}");

        // A wait that ended at the commit to another stream would have returned version 1.
        Assert.Equal(new SourceVersion(2, false), await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitForChange_ClosedStream_ReturnsAtOnce()
    {
        await Store.CommitAsync("done", "{}");
        await Store.CloseStreamAsync(StreamName.Parse("done"), default);

        var version = await Store.WaitForChangeAsync(new ReadSource.Stream(StreamName.Parse("done")), 1, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new SourceVersion(1, true), version);
    }

    [Fact]
    public async Task WaitForChange_WakesWhenTheStreamIsClosed()
    {
        await Store.CommitAsync("closing", "{}");
        var source = new ReadSource.Stream(StreamName.Parse("closing"));

        var waiting = Store.WaitForChangeAsync(source, 1, CancellationToken.None).AsTask();
        await Store.CloseStreamAsync(StreamName.Parse("closing"), default);

        Assert.Equal(new SourceVersion(1, true), await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task WaitForChange_EndsWhenCancelled()
    {
        await Store.CommitAsync("idle", "{}");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.WaitForChangeAsync(new ReadSource.Stream(StreamName.Parse("idle")), 1, cancellation.Token).AsTask());
    }

    [Fact]
    public async Task Reopen_KeepsEventsStreamsClosesDerivedStreamsAndKeys()
    {
        await Store.CommitAsync("k-1", "{\"type\":\"A\",\"tags\":[\"t\"]}");
        await Store.CommitAsync(StoreExtensions.Request("k-2", ["{\"type\":\"B\"}"], idempotency: new IdempotencyToken("once", 7)), default);
        await Store.CreateStreamAsync(StreamName.Parse("only-b"), Matchers.Parse("{\"payload\":{\"type\":\"B\"}}", "matcher").Value!, default);
        await Store.CloseStreamAsync(StreamName.Parse("k-1"), default);

        await ReopenAsync();
        await Store.CommitAsync("k-3", "{\"type\":\"B\"}");

        Assert.Equal(3, await Store.GetHeadAsync(default));
        Assert.True((await Store.GetStreamAsync(StreamName.Parse("k-1"), default))!.Closed);
        Assert.Single(await Store.ReadStreamAsync("tags/t"));
        Assert.Equal(["k-2", "k-3"], (await Store.ReadStreamAsync("only-b")).Streams());
        var retry = await Store.CommitAsync(StoreExtensions.Request("k-2", ["{\"type\":\"B\"}"], idempotency: new IdempotencyToken("once", 7)), default);
        Assert.Equal(CommitStatus.Duplicate, retry.Status);
    }

    [Fact]
    public async Task Commit_OfThousandsOfEventsWithTypesAndTags_StoresEveryOneOfThemAndItsMemberships()
    {
        // 1,500 events with a type and a tag: 6,000 rows of events and memberships, more than a PostgreSQL group sends
        // as statement parameters (it switches to COPY), next to a small commit that goes the other way.
        var events = Enumerable.Range(0, 1500).Select(i => $"{{\"type\":\"Bulk\",\"tags\":[\"t{i % 3}\"],\"n\":{i}}}").ToArray();

        var bulk = await Store.CommitAsync(StoreExtensions.Request("bulk-1", events), default);
        var small = await Store.CommitAsync("bulk-1", "{\"type\":\"Bulk\",\"tags\":[\"t0\"],\"n\":1500}");

        Assert.Equal(CommitStatus.Committed, bulk.Status);
        Assert.Equal(1500, small.StreamVersion);
        Assert.Equal(Enumerable.Range(0, 1501).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (await Store.ReadStreamAsync("bulk-1")).Payload("n"));
        Assert.Equal(1501, (await Store.GetStreamAsync(StreamName.Parse("Bulk"), default))!.Version);
        Assert.Equal(501, (await Store.ReadStreamAsync("tags/t0")).Count);
        Assert.Equal(["1497", "1500"], (await Store.ReadStreamAsync("tags/t0", 500, 501)).Payload("n"));
    }

    [Fact]
    public async Task Commit_LargerThanTheCommitLimit_IsRefusedAsTooLargeAndWritesNothing()
    {
        var megabyte = new string('x', 1024 * 1024);
        var events = Enumerable.Range(0, 5).Select(i => $"{{\"type\":\"Big\",\"n\":{i},\"blob\":\"{megabyte}\"}}").ToArray();

        var refused = await Store.CommitAsync(StoreExtensions.Request("big-1", events), default);
        var fits = await Store.CommitAsync(StoreExtensions.Request("big-1", events[..3]), default);

        Assert.Equal(CommitStatus.TooLarge, refused.Status);
        Assert.StartsWith("The commit takes ", refused.Error, StringComparison.Ordinal);
        Assert.EndsWith("Split it into several commits.", refused.Error, StringComparison.Ordinal);
        Assert.Equal(CommitOutcome.Committed(0, fits.CommittedAt, 0), fits);
        Assert.Equal(["0", "1", "2"], (await Store.ReadStreamAsync("big-1")).Payload("n"));
        Assert.Equal(3, (await Store.GetStreamAsync(StreamName.Parse("Big"), default))!.Version);
    }

    [Fact]
    public async Task Read_BatchesCarryEachLinesGlobalPosition_InStreamGlobalAndFilteredReads()
    {
        await Store.CommitAsync("p-1", "{\"type\":\"A\",\"n\":1}");
        await Store.CommitAsync("p-2", "{\"type\":\"B\",\"n\":2}", "{\"type\":\"B\",\"n\":3}");
        await Store.CommitAsync("p-1", "{\"type\":\"A\",\"n\":4}");
        var stream = new ReadSource.Stream(StreamName.Parse("p-1"));
        var byPosition = new ReadSource.Join(Selector.Stream(StreamName.Parse("p-1")));
        var filter = Filters.Create(Matchers.Parse("{\"payload\":{\"n\":{\"$gte\":3}}}", "filter").Value!);

        var streamRead = await PositionsAsync(stream, new ResolvedWindow(1, 2), null);
        var backwards = await PositionsAsync(stream, new ResolvedWindow(2, 1), null);
        var afterPosition = await PositionsAsync(byPosition, new ResolvedWindow(2, 4), null);
        var filtered = await PositionsAsync(new ReadSource.Stream(StreamName.All), new ResolvedWindow(1, 4), filter);

        Assert.Equal([1L, 4L], streamRead);
        Assert.Equal([4L, 1L], backwards);
        Assert.Equal([4L], afterPosition);
        Assert.Equal([3L, 4L], filtered);
        Assert.Equal(4, Store.KnownHead);
    }

    /// <summary>Each line's <see cref="EventBatch.PositionAt"/>, checked against the document's own commitId + commitVersion + 1.</summary>
    private async Task<List<long>> PositionsAsync(ReadSource source, ResolvedWindow window, IEventFilter? filter)
    {
        var positions = new List<long>();
        await foreach (var batch in Store.ReadAsync(source, window, filter, default))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var metadata = System.Text.Json.Nodes.JsonNode.Parse(batch.LineAt(i).ToArray())!["metadata"]!;
                Assert.Equal(metadata["commitId"]!.GetValue<long>() + metadata["commitVersion"]!.GetValue<long>() + 1, batch.PositionAt(i));
                positions.Add(batch.PositionAt(i));
            }
        }

        return positions;
    }

    [Fact]
    public async Task RacingInOneGroup_ConditionAfterAMatcherStreamCreatedInTheGroup_SeesItsBackfill()
    {
        await Store.CommitAsync("a-1", "{\"type\":\"Booked\",\"n\":1}", "{\"type\":\"Booked\",\"n\":2}");
        var ones = new CommitCondition(Selector.Stream(StreamName.Parse("ones")), null, NoneMatchAfter: 0);
        var onesInAnd = new CommitCondition(Join("[[\"ones\",\"Booked\"]]").Selector, null, NoneMatchAfter: 1);
        Task<CommitOutcome> staged;
        Task<StreamChangeOutcome> created;
        Task<CommitOutcome> committedConflict;
        Task<CommitOutcome> stagedConflict;
        Task<CommitOutcome> free;
        using (await HoldNextGroupAsync())
        {
            staged = Store.CommitAsync("a-2", "{\"type\":\"Booked\",\"n\":1}").AsTask();
            created = Store.CreateStreamAsync(StreamName.Parse("ones"), Matchers.Parse("{\"payload\":{\"n\":1}}", "matcher").Value!, default).AsTask();
            committedConflict = Store.CommitAsync(StoreExtensions.Request("b-1", ["{\"type\":\"Other\"}"], condition: ones), default).AsTask();
            stagedConflict = Store.CommitAsync(StoreExtensions.Request("b-2", ["{\"type\":\"Other\"}"], condition: onesInAnd), default).AsTask();
            free = Store.CommitAsync(StoreExtensions.Request("b-3", ["{\"type\":\"Other\"}"], condition: ones with { NoneMatchAfter = 2, Selector = Join("[[\"ones\",\"Other\"]]").Selector }), default).AsTask();
        }

        Assert.Equal(CommitStatus.Committed, (await staged).Status);
        Assert.Equal(new StreamChangeOutcome(StreamChangeStatus.Done, 2), await created);
        Assert.Equal(CommitOutcome.ConditionConflict(1), await committedConflict);
        Assert.Equal(CommitOutcome.ConditionConflict(3), await stagedConflict);
        Assert.Equal(CommitStatus.Committed, (await free).Status);
        Assert.Equal(["1", "1"], (await Store.ReadStreamAsync("ones")).Payload("n"));
        Assert.Equal(4, await Store.GetHeadAsync(default));
    }

    private static ReadSource.Join Join(string selectorJson)
    {
        var parsed = new SelectorParser().ParseSelector(System.Text.Encoding.UTF8.GetBytes(selectorJson), "selector");
        return new ReadSource.Join(parsed.Value!.Normalize());
    }
}
