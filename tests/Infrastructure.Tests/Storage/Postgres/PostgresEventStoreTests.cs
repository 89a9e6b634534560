using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Tests.Support;
using Npgsql;

namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>The commit rules of the PostgreSQL provider, each test on its own fresh database.</summary>
public sealed class PostgresEventStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    [Fact]
    public async Task CommitThenRead_ReturnsTheFileEnginesExactDocuments()
    {
        var time = new FixedTimeProvider(Now);
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync(), time: time);
        using var directory = new TempDirectory();
        await using var file = StoreFactory.Open(StoreFactory.Options(directory.Path), time);
        string[][] commits = [["{\"type\":\"Placed\",\"tags\":[\"o1\"],\"n\":1}", "{\"type\":\"Paid\",\"n\":\"é\"}"], ["{\"n\":3}"]];
        foreach (var events in commits)
        {
            var request = StoreExtensions.Request("order-1", events, metadataMembers: "\"requestId\":\"r1\"");
            var expected = await file.CommitAsync(request, CancellationToken.None);
            var actual = await store.CommitAsync(request, CancellationToken.None);
            Assert.Equal(expected, actual);
        }

        foreach (var source in new[] { "order-1", "_all", "Placed", "tags/o1" })
        {
            Assert.Equal(await file.ReadStreamAsync(source), await store.ReadStreamAsync(source));
            Assert.Equal(await file.ReadStreamAsync(source, 3, 1), await store.ReadStreamAsync(source, 3, 1));
        }

        Assert.Equal(3, await store.GetHeadAsync(CancellationToken.None));
        Assert.Equal(new StreamInfo(StreamName.Parse("Placed"), StreamKind.Type, 1, false, null), await store.GetStreamAsync(StreamName.Parse("Placed"), CancellationToken.None));
    }

    [Fact]
    public async Task Commit_WithAStaleExpectedVersion_IsRefusedWithTheActualVersion()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());

        var first = await store.CommitAsync(StoreExtensions.Request("acct-1", ["{}"], ExpectedVersion.Empty), CancellationToken.None);
        var stale = await store.CommitAsync(StoreExtensions.Request("acct-1", ["{}"], ExpectedVersion.Empty), CancellationToken.None);
        var next = await store.CommitAsync(StoreExtensions.Request("acct-1", ["{}"], ExpectedVersion.Exactly(1)), CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal(CommitOutcome.WrongVersion(1), stale);
        Assert.Equal(CommitStatus.Committed, next.Status);
        Assert.Equal(1, next.StreamVersion);
        Assert.Equal(new SourceVersion(2, false), await store.GetVersionAsync(new ReadSource.Stream(StreamName.Parse("acct-1")), CancellationToken.None));
    }

    [Fact]
    public async Task ClosedStream_RefusesCommitsAndSecondCloses()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());
        var name = StreamName.Parse("cart-1");
        await store.CommitAsync("cart-1", "{\"type\":\"Added\"}");

        Assert.Equal(new StreamChangeOutcome(StreamChangeStatus.Done, 1), await store.CloseStreamAsync(name, CancellationToken.None));
        Assert.Equal(CommitOutcome.Closed, await store.CommitAsync("cart-1", "{}"));
        Assert.Equal(new StreamChangeOutcome(StreamChangeStatus.AlreadyClosed, 1), await store.CloseStreamAsync(name, CancellationToken.None));
        Assert.Equal(StreamChangeStatus.NotFound, (await store.CloseStreamAsync(StreamName.Parse("nope"), CancellationToken.None)).Status);
        Assert.Equal(
            new StreamChangeOutcome(StreamChangeStatus.NotWriteStream, 1, StreamKind.Type),
            await store.CloseStreamAsync(StreamName.Parse("Added"), CancellationToken.None));
        Assert.Equal(new SourceVersion(1, true), await store.GetVersionAsync(new ReadSource.Stream(name), CancellationToken.None));
    }

    [Fact]
    public async Task NamespaceRules_AreEnforcedAgainstTheDatabase()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());
        await store.CommitAsync("order-1", "{\"type\":\"Placed\",\"tags\":[\"t1\"]}");

        Assert.Equal(CommitStatus.InvalidStreamName, (await store.CommitAsync("tags/x", "{}")).Status);
        Assert.Equal(CommitOutcome.ReadOnly(StreamKind.Type), await store.CommitAsync("Placed", "{}"));
        Assert.Equal(StreamChangeStatus.Done, (await store.CreateStreamAsync(StreamName.Parse("everything"), Matcher.All, CancellationToken.None)).Status);
        Assert.Equal(CommitOutcome.ReadOnly(StreamKind.Derived), await store.CommitAsync("everything", "{}"));
        Assert.Equal(CommitStatus.InvalidDerivedStream, (await store.CommitAsync("order-2", "{\"type\":\"everything\"}")).Status);
        var typeNamesWriteStream = await store.CommitAsync("order-3", "{\"type\":\"order-1\"}");
        Assert.Equal(CommitStatus.InvalidDerivedStream, typeNamesWriteStream.Status);
        Assert.Contains("names a write stream", typeNamesWriteStream.Error, StringComparison.Ordinal);
        var typeIsTarget = await store.CommitAsync("order-4", "{\"type\":\"order-4\"}");
        Assert.Equal(CommitStatus.InvalidDerivedStream, typeIsTarget.Status);
        Assert.Null(await store.GetStreamAsync(StreamName.Parse("order-4"), CancellationToken.None));
    }

    [Fact]
    public async Task IdempotencyKey_RetryGetsTheFirstResultAndAnotherRequestIsRefused()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());
        var token = new IdempotencyToken("key-1", 42);
        var request = StoreExtensions.Request("pay-1", ["{}", "{}"], idempotency: token);

        var first = await store.CommitAsync(request, CancellationToken.None);
        var retry = await store.CommitAsync(request, CancellationToken.None);
        var other = await store.CommitAsync(StoreExtensions.Request("pay-1", ["{}"], idempotency: token with { RequestHash = 43 }), CancellationToken.None);

        Assert.Equal(CommitStatus.Committed, first.Status);
        Assert.Equal(CommitOutcome.Duplicate(first.CommitId, first.CommittedAt, first.StreamVersion), retry);
        Assert.Equal(CommitOutcome.KeyReused, other);
        Assert.Equal(2, await store.GetHeadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DcbCondition_FailsWhenAMatchingEventFollowsTheReadPosition()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());
        await store.CommitAsync("s-1", "{\"type\":\"Other\",\"tags\":[\"c1\"]}");
        await store.CommitAsync("s-1", "{\"type\":\"Enrolled\",\"tags\":[\"c1\",\"u1\"]}");
        var selector = new DcbQuery([new DcbQueryItem(["Enrolled"], ["c1"])]).ToSelector();

        var stale = await store.CommitAsync(StoreExtensions.Request("s-2", ["{}"], condition: new CommitCondition(selector, null, 1)), CancellationToken.None);
        var fresh = await store.CommitAsync(StoreExtensions.Request("s-2", ["{}"], condition: new CommitCondition(selector, null, 2)), CancellationToken.None);
        var future = await store.CommitAsync(StoreExtensions.Request("s-2", ["{}"], condition: new CommitCondition(selector, null, 99)), CancellationToken.None);

        Assert.Equal(CommitOutcome.ConditionConflict(2), stale);
        Assert.Equal(CommitStatus.Committed, fresh.Status);
        Assert.Equal(CommitOutcome.ConditionPastHead(3), future);
    }

    [Fact]
    public async Task ReadByJoinAndCategory_UsesMembershipsInGlobalOrder()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());
        await store.CommitAsync("user-1", "{\"type\":\"A\",\"tags\":[\"x\"],\"n\":1}");
        await store.CommitAsync("user/2", "{\"type\":\"B\",\"tags\":[\"x\"],\"n\":2}");
        await store.CommitAsync("users-3", "{\"type\":\"A\",\"n\":3}");
        var join = new DcbQuery([new DcbQueryItem(["A", "B"], ["x"])]).ToSelector();

        var joined = await store.ReadLinesAsync(new ReadSource.Join(join), new ResolvedWindow(1, long.MaxValue));
        var category = await store.ReadLinesAsync(new ReadSource.Category("user"), new ResolvedWindow(long.MaxValue, 1));

        Assert.Equal(["1", "2"], joined.Payload("n"));
        Assert.Equal(["2", "1"], category.Payload("n"));
        Assert.Null(await store.GetVersionAsync(new ReadSource.Category("nobody"), CancellationToken.None));
    }

    [Fact]
    public async Task Reads_PageThroughMoreThanOnePageInBothDirections()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());
        for (var commit = 0; commit < 6; commit++)
        {
            var events = Enumerable.Range(commit * 100, 100).Select(n => $"{{\"type\":\"{(n % 3 == 0 ? "C" : "D")}\",\"tags\":[\"t{n % 2}\"],\"n\":{n}}}");
            await store.CommitAsync(StoreExtensions.Request("big-1", events), CancellationToken.None);
        }

        var query = new DcbQuery([new DcbQueryItem(["C"], ["t0"]), new DcbQueryItem(["D"], [])]).ToSelector();
        var expected = Enumerable.Range(0, 600).Where(n => n % 3 != 0 || n % 2 == 0).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var forwards = (await store.ReadLinesAsync(new ReadSource.Join(query), new ResolvedWindow(1, long.MaxValue))).Payload("n");
        var backwards = (await store.ReadLinesAsync(new ReadSource.Join(query), new ResolvedWindow(long.MaxValue, 1))).Payload("n");
        var stream = (await store.ReadStreamAsync("big-1", long.MaxValue, 1)).Payload("n");
        var window = (await store.ReadStreamAsync("big-1", 250, 520)).Payload("n");

        Assert.Equal(expected, forwards);
        Assert.Equal(Enumerable.Reverse(expected), backwards);
        Assert.Equal(Enumerable.Range(0, 600).Reverse().Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), stream);
        Assert.Equal(Enumerable.Range(249, 271).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), window);
    }

    [Fact]
    public async Task IdempotencyKeys_BeyondTheCapacity_AreForgottenOldestFirstLikeTheFileEngine()
    {
        var time = new FixedTimeProvider(Now);
        var connectionString = await database.CreateDatabaseAsync();
        await using var store = await PostgresDatabaseFixture.OpenAsync(connectionString, time: time, configure: options => options.IdempotencyKeyCapacity = 3);
        using var directory = new TempDirectory();
        await using var file = StoreFactory.Open(StoreFactory.Options(directory.Path), time, new EmbeddedStorageOptions { IdempotencyKeyCapacity = 3 });
        static CommitRequest Keyed(int n) => StoreExtensions.Request($"pay-{n}", ["{}"], idempotency: new IdempotencyToken($"key-{n}", (UInt128)n));
        int[] sequence = [1, 2, 3, 4, 5, 5, 4, 3, 2, 3, 1];

        var expected = new List<CommitOutcome>();
        var actual = new List<CommitOutcome>();
        foreach (var n in sequence)
        {
            expected.Add(await file.CommitAsync(Keyed(n), CancellationToken.None));
            actual.Add(await store.CommitAsync(Keyed(n), CancellationToken.None));
        }

        Assert.Equal(expected, actual);
        Assert.Equal(
            [CommitStatus.Committed, CommitStatus.Committed, CommitStatus.Committed, CommitStatus.Committed, CommitStatus.Committed,
                CommitStatus.Duplicate, CommitStatus.Duplicate, CommitStatus.Duplicate, CommitStatus.Committed, CommitStatus.Committed, CommitStatus.Committed],
            actual.Select(outcome => outcome.Status));
        Assert.Equal(3, await CountKeysAsync(connectionString));
    }

    [Fact]
    public async Task HungDatabase_FailsTheGroupAsUnavailableWithinTheGroupTimeout_ThenCommitsAgain()
    {
        var server = new NpgsqlConnectionStringBuilder(await database.CreateDatabaseAsync());
        await using var proxy = new FreezingProxy(server.Host!, server.Port);
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, CancellationTimeout = 200 }.ConnectionString;
        await using var store = await PostgresDatabaseFixture.OpenAsync(connectionString, configure: options =>
        {
            options.LockTimeoutMs = 100;
            options.GroupTimeoutMs = 3_000;
        });
        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync("before", "{}")).Status);

        proxy.Freeze();
        var hung = store.CommitAsync("during", "{}").AsTask();
        var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => hung.WaitAsync(Eventually.Deadline));
        proxy.Thaw();

        Assert.Contains("did not finish within 3000 ms", failure.Message, StringComparison.Ordinal);
        var retry = StoreExtensions.Request("after", ["{}"], idempotency: new IdempotencyToken("after-1", 1));
        var outcome = default(CommitOutcome);
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    outcome = await store.CommitAsync(retry, CancellationToken.None);
                    return true;
                }
                catch (StorageUnavailableException)
                {
                    // A pooled connection from before the thaw was dropped by the proxy; the next group takes another.
                    return false;
                }
            },
            "a commit after the database came back");
        Assert.True(outcome.Succeeded);
        Assert.Equal(1, outcome.CommitId);
        Assert.Equal(2, await store.GetHeadAsync(CancellationToken.None));
        Assert.Null(await store.GetStreamAsync(StreamName.Parse("during"), CancellationToken.None));
    }

    [Fact]
    public async Task Reads_SelectiveIntersectionAndCategory_PageThroughCandidatesThatFailTheirProbes()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());
        string[] streams = ["orders-1", "orders/eu/2", "other-3"];
        for (var commit = 0; commit < streams.Length; commit++)
        {
            var events = Enumerable.Range(commit * 300, 300).Select(n =>
                $"{{\"type\":\"{(n % 2 == 0 ? "A" : "B")}\",\"tags\":[{(n % 97 == 0 ? "\"x\"" : n % 101 == 0 ? "\"y\"" : string.Empty)}],\"n\":{n}}}");
            await store.CommitAsync(StoreExtensions.Request(streams[commit], events), CancellationToken.None);
        }

        var selector = new SelectorParser().ParseSelector("[[[\"A\",\"B\"],[\"tags/x\",\"tags/y\"]]]"u8, "selector").Value!.Normalize();
        var selected = Enumerable.Range(0, 900).Where(n => n % 97 == 0 || n % 101 == 0).Select(Text).ToList();

        var forwards = (await store.ReadLinesAsync(new ReadSource.Join(selector), new ResolvedWindow(1, long.MaxValue))).Payload("n");
        var backwards = (await store.ReadLinesAsync(new ReadSource.Join(selector), new ResolvedWindow(long.MaxValue, 1))).Payload("n");
        var category = (await store.ReadLinesAsync(new ReadSource.Category("orders"), new ResolvedWindow(1, long.MaxValue))).Payload("n");
        var categoryBackwards = (await store.ReadLinesAsync(new ReadSource.Category("orders"), new ResolvedWindow(long.MaxValue, 1))).Payload("n");
        var categoryWindow = (await store.ReadLinesAsync(new ReadSource.Category("orders"), new ResolvedWindow(250, 520))).Payload("n");

        Assert.Equal(selected, forwards);
        Assert.Equal(Enumerable.Reverse(selected), backwards);
        Assert.Equal(Enumerable.Range(0, 600).Select(Text), category);
        Assert.Equal(Enumerable.Range(0, 600).Reverse().Select(Text), categoryBackwards);
        Assert.Equal(Enumerable.Range(249, 271).Select(Text), categoryWindow);
        Assert.Equal(new SourceVersion(900, false), await store.GetVersionAsync(new ReadSource.Category("orders/eu"), CancellationToken.None));
    }

    private static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<long> CountKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM idempotency", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
