using System.Text.Json;
using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Consumers;

/// <summary>
/// Crash consistency: copies of the data directory taken at arbitrary moments while a consumer processes events
/// stand for the disk after a crash at that moment. Every copy must hold a pair whose state reflects exactly its
/// position, and a restart from the copy must end with every event counted exactly once.
/// </summary>
public sealed class ConsumerCrashTests : IDisposable
{
    private const string Folding = "(e, s) => ({ count: s.count + 1, sum: s.sum + e.payload.n })";
    private const int Events = 120;
    private readonly TempDirectory _directory = new();
    private readonly List<TempDirectory> _copies = [];

    public void Dispose()
    {
        foreach (var copy in _copies)
        {
            copy.Dispose();
        }

        _directory.Dispose();
    }

    [Fact]
    public async Task CrashDuringProcessing_StateAndPositionStayConsistent_AndRestartCountsEachEventOnce()
    {
        await using (var harness = await ConsumerHarness.OpenAsync(_directory.Path, batchSize: 3))
        {
            await harness.CommitManyAsync("crash", Events);
            await harness.StartAsync("folder", "crash", Folding, "{\"count\":0,\"sum\":0}");
            var id = ConsumerId.Parse("folder");
            while (true)
            {
                // One copy at each position the consumer is seen at (it runs on meanwhile, so a copy may catch it
                // between writes), then wait until it has moved on: every copy shows a later moment, and the loop
                // ends when the consumer is done, however fast or slow it is.
                var position = harness.Manager.Find(id)!.Position;
                _copies.Add(Copy());
                if (position >= Events)
                {
                    break;
                }

                using var timeout = new CancellationTokenSource(Eventually.Deadline);
                var moved = await harness.Manager.WaitForPositionAsync(id, position + 1, timeout.Token);
                Assert.Equal(ConsumerStatus.Running, moved?.Status);
            }
        }

        foreach (var copy in _copies)
        {
            var stored = new ConsumerFileStore(copy.Path, fsync: false).LoadAll().Consumers.Single();
            var checkpoint = stored.Checkpoint;
            var position = checkpoint?.Position ?? 0;
            var state = checkpoint?.State ?? stored.Definition.Definition.InitialState;
            AssertConsistent(position, state);

            await using var restarted = await ConsumerHarness.OpenAsync(copy.Path, batchSize: 7);
            var final = await restarted.WaitAsync("folder", Events);
            AssertConsistent(Events, final.State);
        }
    }

    private static void AssertConsistent(long position, string state)
    {
        using var document = JsonDocument.Parse(state);
        Assert.Equal(position, document.RootElement.GetProperty("count").GetInt64());
        Assert.Equal(position * (position + 1) / 2, document.RootElement.GetProperty("sum").GetInt64());
    }

    /// <summary>The data directory as a crash would leave it (without the lock file of the live process).</summary>
    private TempDirectory Copy()
    {
        var copy = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_directory.Path, file);
            if (relative == "LOCK" || relative.EndsWith(".tmp", StringComparison.Ordinal))
            {
                // The lock of the live process, and temporary files still being written (a crash leaves a partial
                // one, which the next start deletes): neither takes part in recovery.
                continue;
            }

            var target = Path.Combine(copy.Path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var destination = File.Create(target);
                source.CopyTo(destination);
            }
            catch (FileNotFoundException)
            {
                // A temporary file renamed away while copying: as after a crash, it is simply not there.
            }
        }

        return copy;
    }
}
