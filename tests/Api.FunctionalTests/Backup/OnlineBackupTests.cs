using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;

namespace CleanEventStore.Api.FunctionalTests.Backup;

/// <summary>
/// <c>GET /admin/backup</c> on a real Kestrel server while several writers commit continuously: the archive restores
/// into a store that holds every commit acknowledged before the backup began, whole, and nothing after its position.
/// </summary>
public sealed class OnlineBackupTests : IDisposable
{
    private const int Writers = 3;
    private const int EventsPerCommit = 2;

    private readonly string _restored = BackupArchives.TempDirectory();

    public void Dispose() => BackupArchives.DeleteQuietly(_restored);

    [Fact]
    public async Task Backup_UnderWriteLoad_RestoresEveryCommitAcknowledgedBeforeItAndNothingAfterItsPosition()
    {
        using var source = new KestrelApiFactory();
        var client = source.Client;
        await client.CommitAsync("backup-seed", "{\"type\":\"Seed\"}");
        await client.StartConsumerAsync("counter/stream/_all", ConsumerApi.Counter);
        await client.AfterAsync("counter", 1);

        var acknowledged = new ConcurrentQueue<Commit>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteAsync(source, writer, acknowledged, stop.Token))).ToArray();
        await Eventually.UntilAsync(() => acknowledged.Count >= 20, "20 commits acknowledged under load");

        var before = acknowledged.ToArray();
        var (archive, position, response) = await BackupArchives.TakeAsync(client);
        await Eventually.UntilAsync(() => acknowledged.Count >= before.Length + 10, "commits go on after the backup");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var all = acknowledged.ToArray();

        var restore = await StoreRestore.RestoreAsync(new MemoryStream(archive), _restored, CancellationToken.None);
        var verify = await StoreVerifier.VerifyAsync(_restored, null, CancellationToken.None);
        using var restoredServer = new ApiFactory().With("EventStore:StorageDirectory", _restored);
        var restoredClient = restoredServer.CreateClient();
        var log = await restoredClient.ReadLinesAsync("/streams/_all");
        var version = await (await restoredClient.GetAsync("/streams/_all/version")).JsonAsync();
        var consumer = await (await restoredClient.GetAsync("/consumers/counter")).JsonAsync();
        var caughtUp = await restoredClient.AfterAsync("counter", position);
        var byPosition = log.ToDictionary(Position);

        Assert.Equal("application/x-tar", response.ContentType()?.MediaType);
        Assert.Contains($"cleaneventstore-{position}-", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        Assert.Equal(position, restore.Manifest.Position);
        Assert.True(position >= before.Max(commit => commit.Last), $"position {position} is below an acknowledged commit");
        Assert.True(verify.Ok, string.Join("; ", verify.Problems.Select(problem => problem.Message)));
        Assert.Equal(position, verify.Events);
        Assert.Equal(Enumerable.Range(1, (int)position).Select(p => (long)p), log.Select(Position));
        Assert.Equal(position, version["version"]!.GetValue<long>());
        foreach (var commit in before)
        {
            for (var i = 0; i < EventsPerCommit; i++)
            {
                var line = byPosition[commit.First + i];
                Assert.Equal(commit.Stream, line["stream"]!.GetValue<string>());
                Assert.Equal(commit.Sequence, line["payload"]!["seq"]!.GetValue<int>());
                Assert.Equal(commit.FirstVersion + i, line["metadata"]!["streamVersion"]!.GetValue<long>());
            }
        }

        Assert.All(all, commit => Assert.True(commit.Last <= position || commit.First > position, $"commit {commit.First}..{commit.Last} is cut by position {position}"));
        for (var writer = 0; writer < Writers; writer++)
        {
            var stream = await restoredClient.ReadLinesAsync($"/streams/writer-{writer}");
            Assert.Equal(Enumerable.Range(0, stream.Count).Select(v => (long)v), stream.Select(line => line["metadata"]!["streamVersion"]!.GetValue<long>()));
            Assert.Equal(all.Count(commit => commit.Stream == $"writer-{writer}" && commit.Last <= position) * EventsPerCommit, stream.Count);
        }

        Assert.True(consumer["position"]!.GetValue<long>() <= position);
        Assert.Equal(position, caughtUp["state"]!["count"]!.GetValue<long>());
        Assert.Contains(restore.Manifest.Files, file => file.Path == "consumers/counter.consumer");
        using var reader = new TarReader(new MemoryStream(archive));
        var names = new List<string>();
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal(BackupManifest.EntryName, names[^1]);
        Assert.Equal(restore.Manifest.Files.Select(file => file.Path), names[..^1]);
    }

    [Fact]
    public async Task Restore_OfABackup_AcceptsNewCommitsThatContinueThePositions()
    {
        using var source = new ApiFactory();
        var client = source.CreateClient();
        await client.CommitAsync("continue-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
        var (archive, position, _) = await BackupArchives.TakeAsync(client);

        await StoreRestore.RestoreAsync(new MemoryStream(archive), _restored, CancellationToken.None);
        using var restored = new ApiFactory().With("EventStore:StorageDirectory", _restored);
        var restoredClient = restored.CreateClient();
        var commit = await restoredClient.CommitAsync("continue-1", "{\"type\":\"C\"}");
        var log = await restoredClient.ReadLinesAsync("/streams/_all");

        Assert.Equal(2, position);
        Assert.Equal(2, commit["commitId"]!.GetValue<long>());
        Assert.Equal([1L, 2L, 3L], log.Select(Position));
    }

    [Fact]
    public async Task Backup_OfAStoreWithAnIndexCheckpoint_CarriesItAndTheRestoredStoreOpensOnIt()
    {
        var directory = BackupArchives.TempDirectory();
        try
        {
            using (var first = new ApiFactory().With("EventStore:StorageDirectory", directory))
            {
                await first.CreateClient().CommitAsync("indexed-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
            }

            using var second = new ApiFactory().With("EventStore:StorageDirectory", directory);
            var client = second.CreateClient();
            await client.CommitAsync("indexed-2", "{\"type\":\"C\"}");
            var (archive, position, _) = await BackupArchives.TakeAsync(client);

            var restore = await StoreRestore.RestoreAsync(new MemoryStream(archive), _restored, CancellationToken.None);
            var verify = await StoreVerifier.VerifyAsync(_restored, null, CancellationToken.None);
            using var restored = new ApiFactory().With("EventStore:StorageDirectory", _restored);
            var log = await restored.CreateClient().ReadLinesAsync("/streams/_all");
            var indexed = await restored.CreateClient().ReadLinesAsync("/streams/indexed-1");

            Assert.Equal(3, position);
            Assert.True(restore.Manifest.HasIndex);
            Assert.Contains(restore.Manifest.Files, file => file.Path == "index/checkpoint.dat");
            Assert.True(verify.Ok, string.Join("; ", verify.Problems.Select(problem => problem.Message)));
            Assert.Equal(2, verify.IndexedHead);
            Assert.Equal([1L, 2L, 3L], log.Select(Position));
            Assert.Equal(2, indexed.Count);
        }
        finally
        {
            BackupArchives.DeleteQuietly(directory);
        }
    }

    [Fact]
    public async Task Backup_AbandonedByTheClientMidway_LeavesTheServerWritingAndBackingUp()
    {
        using var source = new KestrelApiFactory();
        var client = source.Client;
        var payload = $"{{\"type\":\"Bulky\",\"text\":\"{new string('x', 10_000)}\"}}";
        for (var i = 0; i < 20; i++)
        {
            await client.CommitAsync($"bulky-{i}", Enumerable.Repeat(payload, 20).ToArray());
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/admin/backup"))
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var start = new byte[64 * 1024];
            await body.ReadExactlyAsync(start);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var commit = await client.CommitAsync("after-abandon", "{\"type\":\"A\"}");
        var (archive, position, _) = await BackupArchives.TakeAsync(client);
        var restore = await StoreRestore.RestoreAsync(new MemoryStream(archive), _restored, CancellationToken.None);

        Assert.Equal(400, commit["commitId"]!.GetValue<long>());
        Assert.Equal(401, position);
        Assert.True(restore.Bytes > 4_000_000, $"{restore.Bytes} bytes restored");
    }

    private static long Position(JsonObject line) =>
        line["metadata"]!["commitId"]!.GetValue<long>() + line["metadata"]!["commitVersion"]!.GetValue<long>() + 1;

    private static async Task WriteAsync(KestrelApiFactory source, int writer, ConcurrentQueue<Commit> acknowledged, CancellationToken stop)
    {
        var client = source.Client;
        var stream = $"writer-{writer}";
        for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
        {
            var payload = $"{{\"type\":\"Written\",\"writer\":{writer},\"seq\":{sequence}}}";
            var response = await client.PostJsonAsync($"/streams/{stream}/commit", $"{{\"events\":[{payload},{payload}]}}");
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
            var result = JsonNode.Parse(body)!.AsObject();
            var commitId = result["commitId"]!.GetValue<long>();
            var firstVersion = result["streamVersion"]!.GetValue<long>();
            acknowledged.Enqueue(new Commit(stream, sequence, commitId + 1, commitId + EventsPerCommit, firstVersion));
        }
    }

    private sealed record Commit(string Stream, int Sequence, long First, long Last, long FirstVersion)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Stream}#{Sequence} {First}..{Last}");
    }
}
