using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Providers;

/// <summary>
/// Two real Api processes ("nodes") on one PostgreSQL database, as behind a reverse proxy: commits through both are
/// serialised by the database (each expected version is won once, one DCB racer wins), both serve the same gapless
/// log, a long-poll on one node is woken by a commit on the other, a node killed with SIGKILL under load loses no
/// acknowledged commit and leaves no partial one, and its consumer continues on the other node with exact state.
/// </summary>
public sealed class MultiNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ces-multinode-tests", Guid.NewGuid().ToString("N"));
    private readonly List<ApiProcess> _nodes = [];
    private readonly List<HttpClient> _clients = [];
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ExactExpectedVersionsThroughBothNodes_EachVersionIsWonOnce_AndBothServeTheSameGaplessLog()
    {
        var (a, b) = await StartTwoNodesAsync();
        const int Versions = 60;
        var wins = new ConcurrentDictionary<long, string>();
        var conflicts = 0;
        var racers = Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
        {
            var client = lane % 2 == 0 ? a : b;
            while (true)
            {
                using var current = await client.GetAsync("/streams/counter/version");
                var version = current.StatusCode == HttpStatusCode.NotFound ? 0 : (await current.JsonAsync())["version"]!.GetValue<long>();
                if (version >= Versions)
                {
                    return;
                }

                var response = await client.PostJsonAsync("/streams/counter/commit", $"{{\"events\":[{{\"type\":\"Counted\",\"lane\":{lane}}}],\"expectedVersion\":{version}}}");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var streamVersion = (await response.JsonAsync())["streamVersion"]!.GetValue<long>();
                    Assert.Equal(version, streamVersion);
                    Assert.True(wins.TryAdd(streamVersion, lane % 2 == 0 ? "a" : "b"), $"version {streamVersion} was won twice");
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                    Interlocked.Increment(ref conflicts);
                }
            }
        })).ToArray();
        await Task.WhenAll(racers).WaitAsync(Deadline);

        output.WriteLine($"{wins.Count} wins (a: {wins.Values.Count(node => node == "a")}, b: {wins.Values.Count(node => node == "b")}), {conflicts} conflicts");
        Assert.Equal(Enumerable.Range(0, Versions).Select(v => (long)v), wins.Keys.Order());
        var fromA = await a.GetStringAsync("/streams/_all");
        var fromB = await b.GetStringAsync("/streams/_all");
        Assert.Equal(fromA, fromB);
        AssertGapless(fromA, Versions);
        Assert.Equal(Versions, (await a.ReadLinesAsync("/streams/counter")).Count);
    }

    [Fact]
    public async Task DcbRacersThroughBothNodes_ExactlyOneWinsEachRound()
    {
        var (a, b) = await StartTwoNodesAsync();
        const string Query = "%7B%22items%22%3A%5B%7B%22types%22%3A%5B%22SeatTaken%22%5D%2C%22tags%22%3A%5B%22flight%3Af1%22%5D%7D%5D%7D";
        for (var round = 0; round < 10; round++)
        {
            // Both decide on the same read (taken through A), then commit at once, one through each node.
            using var query = await a.GetAsync($"/query?query={Query}");
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
            var condition = query.Headers.GetValues("x-event-store-query-condition").Single();
            var commits = new[] { (a, "a"), (b, "b") }.Select(racer => racer.Item1.PostJsonAsync(
                $"/streams/passenger-{round}-{racer.Item2}/commit",
                $"{{\"events\":[{{\"type\":\"SeatTaken\",\"tags\":[\"flight:f1\",\"seat:{round}\"]}}],\"condition\":{condition}}}")).ToArray();
            var statuses = (await Task.WhenAll(commits)).Select(response => response.StatusCode).Order().ToArray();

            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], statuses);
        }

        var taken = await b.ReadLinesAsync("/streams/SeatTaken");
        Assert.Equal(10, taken.Count);
    }

    [Fact]
    public async Task LongPollOnOneNode_IsWokenByACommitOnTheOther()
    {
        var (a, b) = await StartTwoNodesAsync();
        await b.CommitAsync("wake-1", "{\"type\":\"Opened\"}");
        var body = b.GetStringAsync("/streams/wake-1/from/2");

        // Commit only once B holds the wait open, so that the answer can only come from B being woken.
        await Eventually.UntilAsync(
            async () => body.IsCompleted || (await (await b.GetAsync("/health")).JsonAsync())["server"]!["openLongPolls"]!.GetValue<int>() == 1,
            "node B to hold the long-poll open",
            Deadline,
            TimeSpan.FromMilliseconds(20));
        Assert.False(body.IsCompleted, "the long-poll answered before anything was committed");
        await a.CommitAsync("warm-up", "{\"type\":\"Woken\"}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await a.CommitAsync("wake-1", "{\"type\":\"Woken\"}");
        output.WriteLine($"committed in {clock.ElapsedMilliseconds} ms");

        var line = JsonNode.Parse(await body.WaitAsync(Deadline))!;
        output.WriteLine($"woken {clock.ElapsedMilliseconds} ms after the commit on A began");
        Assert.Equal("Woken", line["payload"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task NodeKilledUnderLoad_LosesNoAcknowledgedCommitAndLeavesNoPartialOne()
    {
        var (a, b) = await StartTwoNodesAsync();
        var acknowledged = new ConcurrentBag<(string Id, int Size)>();
        var acknowledgedOnA = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
        {
            var client = lane % 2 == 0 ? a : b;
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var id = $"{lane}-{n}";
                var size = 1 + (n % 3);
                var events = string.Join(',', Enumerable.Range(0, size).Select(i => $"{{\"type\":\"Load\",\"id\":\"{id}\",\"i\":{i}}}"));
                try
                {
                    var response = await client.PostJsonAsync($"/streams/load-{lane % 4}/commit", $"{{\"events\":[{events}]}}");
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((id, size));
                        if (client == a)
                        {
                            Interlocked.Increment(ref acknowledgedOnA);
                        }
                    }
                }
                catch (HttpRequestException) when (client == a)
                {
                    return; // node A was killed: this lane's commit in flight may or may not have committed.
                }
            }
        })).ToArray();

        await Eventually.UntilAsync(() => Volatile.Read(ref acknowledgedOnA) >= 200, "200 commits acknowledged by node A", Deadline);
        await _nodes[0].KillAsync();
        var onBAfterTheKill = acknowledged.Count;
        await Eventually.UntilAsync(() => acknowledged.Count >= onBAfterTheKill + 100, "100 more commits through node B after the kill", Deadline);
        await stop.CancelAsync();
        await Task.WhenAll(writers).WaitAsync(Deadline);

        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var log = await b.GetStringAsync("/streams/_all");
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var id = JsonNode.Parse(line)!["payload"]!["id"]!.GetValue<string>();
            found[id] = found.GetValueOrDefault(id) + 1;
        }

        output.WriteLine($"{acknowledged.Count} commits acknowledged, {found.Count} commits in the log");
        AssertGapless(log, found.Values.Sum());
        foreach (var (id, size) in acknowledged)
        {
            Assert.True(found.TryGetValue(id, out var count), $"acknowledged commit {id} is missing");
            Assert.Equal(size, count);
        }

        foreach (var (id, count) in found)
        {
            var size = 1 + (int.Parse(id.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) % 3);
            Assert.True(size == count, $"commit {id} is visible in part: {count} of {size} events");
        }
    }

    [Fact]
    public async Task ConsumerOnANodeKilledWithSigkill_MovesToTheOtherNode_WithExactlyOnceState()
    {
        var (a, b) = await StartTwoNodesAsync();
        await b.CommitAsync("tally-1", "{\"type\":\"Counted\"}");
        await a.StartConsumerAsync("tally/stream/tally-1", ConsumerApi.Counter);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/consumers/tally")).StatusCode);

        // Commits keep coming through B while A, which runs the consumer, is killed in the middle of them.
        var committed = 1;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await b.CommitAsync("tally-1", "{\"type\":\"Counted\"}", "{\"type\":\"Counted\"}");
                Interlocked.Add(ref committed, 2);
            }
        });
        await a.AfterAsync("tally", 50);
        await _nodes[0].KillAsync();
        await Eventually.UntilAsync(() => Volatile.Read(ref committed) >= 150, "100 more events committed through B", Deadline);
        await stop.CancelAsync();
        await writer.WaitAsync(Deadline);

        var total = Volatile.Read(ref committed);
        var consumer = await b.AfterAsync("tally", total);
        output.WriteLine($"{total} events; the consumer on B: {consumer.ToJsonString()}");
        Assert.Equal(total, consumer["position"]!.GetValue<long>());
        Assert.Equal(total, consumer["state"]!["count"]!.GetValue<int>());
        Assert.Equal("running", consumer["status"]!.GetValue<string>());
    }

    /// <summary>Every line's global position (commitId + commitVersion + 1) is the line's number: 1, 2, 3, … n.</summary>
    private static void AssertGapless(string log, int expected)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var metadata = JsonNode.Parse(lines[i])!["metadata"]!;
            Assert.Equal(i + 1, metadata["commitId"]!.GetValue<long>() + metadata["commitVersion"]!.GetValue<long>() + 1);
        }
    }

    private async Task<(HttpClient A, HttpClient B)> StartTwoNodesAsync()
    {
        // Started one after the other's start began: both migrate the schema at once, which must be safe.
        var a = ApiProcess.Start(Arguments("a"));
        var b = ApiProcess.Start(Arguments("b"));
        _nodes.Add(a);
        _nodes.Add(b);
        var clientA = await ClientAsync(a);
        var clientB = await ClientAsync(b);
        return (clientA, clientB);
    }

    private async Task<HttpClient> ClientAsync(ApiProcess node)
    {
        var client = new HttpClient { BaseAddress = await node.AddressAsync(Deadline), Timeout = Deadline };
        _clients.Add(client);
        await node.WaitUntilHealthyAsync(client, Deadline);
        return client;
    }

    private string[] Arguments(string node) =>
    [
        "--urls", "http://127.0.0.1:0",
        "--EventStore:Provider=Postgres",
        $"--EventStore:Postgres:ConnectionString={_database.ConnectionString}",
        $"--EventStore:StorageDirectory={Path.Combine(_root, node)}",
        $"--EventStore:StreamPollTimeoutMs={ApiFactory.PollTimeoutMs}",
        $"--EventStore:ConsumerPollTimeoutMs={ApiFactory.PollTimeoutMs}",
        "--EventStore:Postgres:ConsumerLeaseRetryMs=200",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
    ];
}
