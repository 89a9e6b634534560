using System.Text.Json;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Postgres;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>Ordering under concurrency: one node with many callers, and two nodes ("Api processes") on one database.</summary>
public sealed class PostgresConcurrencyTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task ConcurrentCommits_GetGaplessPositionsInCommitOrder()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(async () => await store.CommitAsync($"s-{i % 10}", $"{{\"i\":{i}}}", $"{{\"i\":{i}}}"))));

        Assert.All(outcomes, outcome => Assert.Equal(CommitStatus.Committed, outcome.Status));
        Assert.Equal(400, await store.GetHeadAsync(CancellationToken.None));
        await AssertGaplessAsync(store, 400);
    }

    [Fact]
    public async Task TwoNodes_CommittingConcurrently_KeepPositionsGaplessAndEachVersionWonOnce()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var a = await PostgresDatabaseFixture.OpenAsync(connectionString);
        await using var b = await PostgresDatabaseFixture.OpenAsync(connectionString);

        var tasks = new List<Task<int>>();
        foreach (var node in new[] { a, b })
        {
            for (var client = 0; client < 4; client++)
            {
                tasks.Add(Task.Run(() => RaceAsync(node, 15)));
            }
        }

        var wins = (await Task.WhenAll(tasks)).Sum();
        var free = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? a : b).CommitAsync($"free-{i}", "{}").AsTask()));

        Assert.Equal(8 * 15, wins);
        Assert.All(free, outcome => Assert.Equal(CommitStatus.Committed, outcome.Status));
        var head = await a.GetHeadAsync(CancellationToken.None);
        Assert.Equal(wins + 50, head);
        Assert.Equal(head, await b.GetHeadAsync(CancellationToken.None));
        await AssertGaplessAsync(a, head);
        Assert.Equal(await a.ReadStreamAsync("_all"), await b.ReadStreamAsync("_all"));
        var versions = (await b.ReadStreamAsync("race")).Select(line => Metadata(line, "streamVersion")).ToList();
        Assert.Equal(Enumerable.Range(0, wins).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task TwoNodesStartingAtOnce_MigrateTheSchemaOnceAndBothWork()
    {
        var connectionString = await database.CreateDatabaseAsync();

        var nodes = await Task.WhenAll(PostgresDatabaseFixture.OpenAsync(connectionString), PostgresDatabaseFixture.OpenAsync(connectionString));
        await using var a = nodes[0];
        await using var b = nodes[1];

        Assert.Equal(CommitStatus.Committed, (await a.CommitAsync("m-1", "{}")).Status);
        Assert.Equal(1, (await b.CommitAsync("m-1", "{}")).StreamVersion);
        await using var reopened = await PostgresDatabaseFixture.OpenAsync(connectionString);
        Assert.Equal(2, await reopened.GetHeadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MatcherStream_IsBackfilledAndFollowsCommitsOfEveryNode()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var a = await PostgresDatabaseFixture.OpenAsync(connectionString);
        await using var b = await PostgresDatabaseFixture.OpenAsync(connectionString);
        await a.CommitAsync("p-1", "{\"n\":1}", "{\"n\":2}");
        var matcher = StoreFactory.Matchers().Parse("{\"payload\":{\"n\":2}}", "matcher").Value!;

        Assert.Equal(new StreamChangeOutcome(StreamChangeStatus.Done, 1), await a.CreateStreamAsync(StreamName.Parse("twos"), matcher, CancellationToken.None));
        Assert.Equal(StreamChangeStatus.AlreadyExists, (await b.CreateStreamAsync(StreamName.Parse("twos"), matcher, CancellationToken.None)).Status);
        await b.CommitAsync("p-2", "{\"n\":2}", "{\"n\":3}");

        Assert.Equal(["2", "2"], (await a.ReadStreamAsync("twos")).Payload("n"));
        var info = await b.GetStreamAsync(StreamName.Parse("twos"), CancellationToken.None);
        Assert.Equal((StreamKind.Derived, 2L, matcher.Json), (info!.Kind, info.Version, info.Matcher!.Json));
    }

    [Fact]
    public async Task Reader_NeverSeesAPositionBeyondTheCommittedHead()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var writer = await PostgresDatabaseFixture.OpenAsync(connectionString);
        await using var reader = await PostgresDatabaseFixture.OpenAsync(connectionString);
        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(Enumerable.Range(0, 8).Select(i => writer.CommitAsync($"w-{i}", "{}", "{}", "{}").AsTask()));
                n++;
            }

            return n;
        });

        for (var round = 0; round < 30; round++)
        {
            var lines = await reader.ReadStreamAsync("_all");
            var headAfter = await reader.GetHeadAsync(CancellationToken.None);
            Assert.True(lines.Count <= headAfter, $"read {lines.Count} events, head then {headAfter}");
            for (var i = 0; i < lines.Count; i++)
            {
                Assert.Equal(i + 1, Metadata(lines[i], "commitId") + Metadata(lines[i], "commitVersion") + 1);
            }

            Assert.Equal(0, lines.Count % 3);
        }

        await stop.CancelAsync();
        Assert.True(await writing > 0);
    }

    [Fact]
    public async Task WaitForChange_IsWokenByACommitOnTheOtherNode()
    {
        var connectionString = await database.CreateDatabaseAsync();
        await using var a = await PostgresDatabaseFixture.OpenAsync(connectionString, pollIntervalMs: 600_000);
        await using var b = await PostgresDatabaseFixture.OpenAsync(connectionString, pollIntervalMs: 600_000);
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        var stream = new ReadSource.Stream(StreamName.Parse("wake-1"));

        var streamWait = a.WaitForChangeAsync(stream, 0, timeout.Token).AsTask();
        var globalWait = a.WaitForChangeAsync(new ReadSource.Stream(StreamName.All), 0, timeout.Token).AsTask();
        Assert.False(streamWait.IsCompleted);
        await b.CommitAsync("wake-1", "{}");

        Assert.Equal(new SourceVersion(1, false), await streamWait);
        Assert.Equal(new SourceVersion(1, false), await globalWait);

        var closedWait = a.WaitForChangeAsync(stream, 1, timeout.Token).AsTask();
        await b.CloseStreamAsync(StreamName.Parse("wake-1"), CancellationToken.None);
        Assert.Equal(new SourceVersion(1, true), await closedWait);
    }

    [Fact]
    public async Task WaitForChange_ManyWaiters_LookUpTheVersionOncePerPublication()
    {
        await using var store = await PostgresDatabaseFixture.OpenAsync(await database.CreateDatabaseAsync(), pollIntervalMs: 600_000);
        await store.CommitAsync("wake-2", "{}");
        var stream = new ReadSource.Stream(StreamName.Parse("wake-2"));
        var all = new ReadSource.Stream(StreamName.All);
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        var queriesBefore = store.Queries.VersionQueries;
        var publicationsBefore = store.Notifier.Publications;

        var streamWaits = Enumerable.Range(0, 50).Select(_ => store.WaitForChangeAsync(stream, 1, timeout.Token).AsTask()).ToList();
        var allWaits = Enumerable.Range(0, 50).Select(_ => store.WaitForChangeAsync(all, 1, timeout.Token).AsTask()).ToList();
        await store.CommitAsync("wake-2", "{}");

        Assert.All(await Task.WhenAll(streamWaits), version => Assert.Equal(new SourceVersion(2, false), version));
        Assert.All(await Task.WhenAll(allWaits), version => Assert.Equal(new SourceVersion(2, false), version));
        // One look-up of the stream per publication that a waiter looked at (the one current when they started, and
        // each since), however many waiters; the _all waiters take the published head and query nothing.
        var publications = store.Notifier.Publications - publicationsBefore;
        Assert.InRange(store.Queries.VersionQueries - queriesBefore, 1, publications + 1);
    }

    /// <summary>Commits to "race" with the exact version it last saw until it has won <paramref name="wins"/> times.</summary>
    private static async Task<int> RaceAsync(PostgresEventStore node, int wins)
    {
        var won = 0;
        var stream = new ReadSource.Stream(StreamName.Parse("race"));
        while (won < wins)
        {
            var version = (await node.GetVersionAsync(stream, CancellationToken.None))?.Version ?? 0;
            var outcome = await node.CommitAsync(StoreExtensions.Request("race", ["{}"], ExpectedVersion.Exactly(version)), CancellationToken.None);
            if (outcome.Status == CommitStatus.Committed)
            {
                Assert.Equal(version, outcome.StreamVersion);
                won++;
            }
            else
            {
                Assert.Equal(CommitStatus.WrongExpectedVersion, outcome.Status);
            }
        }

        return won;
    }

    /// <summary>Event i of the log (1-based) is event commitVersion of the commit that followed position commitId.</summary>
    private static async Task AssertGaplessAsync(IEventStore store, long head)
    {
        var lines = await store.ReadStreamAsync("_all");
        Assert.Equal(head, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(i + 1, Metadata(lines[i], "commitId") + Metadata(lines[i], "commitVersion") + 1);
        }
    }

    private static long Metadata(string line, string property)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("metadata").GetProperty(property).GetInt64();
    }
}
