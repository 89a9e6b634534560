using System.Collections.Concurrent;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>
/// Online backups of the engine itself, taken again and again while four writers commit and the log rolls over to new
/// segments (1 MiB each): every archive restores into a store that verifies clean, holds exactly positions 1..P, holds
/// every commit acknowledged before its capture, cuts no commit, and takes new commits at P + 1.
/// </summary>
public sealed class OnlineBackupEngineTests : IDisposable
{
    private const int Writers = 4;
    private const int Backups = 5;
    private const int EventsPerCommit = 5;

    private readonly TempDirectory _directory = new();
    private readonly List<TempDirectory> _restored = [];

    public void Dispose()
    {
        foreach (var restored in _restored)
        {
            restored.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task Backups_WhileWritersCommitAcrossSegments_AreEachTheCommittedPrefixOfTheirPosition()
    {
        var options = StoreFactory.Options(_directory.Path, o =>
        {
            o.Durability = DurabilityMode.OsBuffered;
            o.MaxRequestBodyBytes = 64 * 1024;
        });
        var acknowledged = new ConcurrentQueue<(long First, long Last)>();
        var captures = new List<(byte[] Archive, long Position, (long First, long Last)[] Before)>();
        await using (var store = StoreFactory.Open(options, storage: new EmbeddedStorageOptions { SegmentSizeBytes = 1024 * 1024 }))
        {
            var backup = new EmbeddedStoreBackup(store, _directory.Path, TimeProvider.System);
            using var stop = new CancellationTokenSource();
            var payload = "{\"type\":\"Load\",\"text\":\"" + new string('y', 2000) + "\"}";
            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var outcome = await store.CommitAsync($"load-{writer}", Enumerable.Repeat(payload, EventsPerCommit).ToArray());
                    Assert.Equal(CommitStatus.Committed, outcome.Status);
                    acknowledged.Enqueue((outcome.CommitId + 1, outcome.CommitId + EventsPerCommit));
                }
            })).ToArray();

            for (var i = 0; i < Backups; i++)
            {
                var target = (i + 1) * 150;
                await Eventually.UntilAsync(() => acknowledged.Count >= target, $"{target} commits");
                var before = acknowledged.ToArray();
                await using var archive = backup.Capture();
                using var bytes = new MemoryStream();
                await archive.WriteToAsync(bytes, CancellationToken.None);
                captures.Add((bytes.ToArray(), archive.Position, before));
            }

            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        var all = acknowledged.ToArray();
        foreach (var (archive, position, before) in captures)
        {
            var restored = new TempDirectory();
            _restored.Add(restored);
            var target = Path.Combine(restored.Path, "store");
            var result = await StoreRestore.RestoreAsync(new MemoryStream(archive), target, CancellationToken.None);
            var report = await StoreVerifier.VerifyAsync(target, null, CancellationToken.None);
            await using var store = StoreFactory.Open(StoreFactory.Options(target, o => o.MaxRequestBodyBytes = 64 * 1024), storage: new EmbeddedStorageOptions { SegmentSizeBytes = 1024 * 1024 });
            var head = await store.GetHeadAsync(default);
            var next = await store.CommitAsync("after-restore", "{\"type\":\"After\"}");

            Assert.Equal(position, result.Manifest.Position);
            Assert.True(report.Ok, string.Join("; ", report.Problems.Select(problem => problem.Message)));
            Assert.Equal(position, report.Events);
            Assert.Equal(position, head);
            Assert.True(before.Max(commit => commit.Last) <= position, "a commit acknowledged before the capture is missing");
            Assert.All(all, commit => Assert.True(commit.Last <= position || commit.First > position, $"commit {commit.First}..{commit.Last} is cut at {position}"));
            Assert.Equal(position, next.CommitId);
        }

        Assert.True(captures[^1].Archive.Length > 3 * 1024 * 1024, "the log should span several segments");
        Assert.Contains(captures, capture => capture.Position > 0);
    }
}
