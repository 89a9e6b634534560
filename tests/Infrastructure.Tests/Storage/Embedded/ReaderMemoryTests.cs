using System.Text;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>Reads stream stored bytes in batches: what a scan allocates does not grow with the number of events.</summary>
public sealed class ReaderMemoryTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private IEventStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = StoreFactory.Open(_directory.Path);
        var payload = Encoding.UTF8.GetBytes("{\"type\":\"Filler\",\"payload\":\"" + new string('x', 120) + "\"}");
        for (var commit = 0; commit < 100; commit++)
        {
            var events = Enumerable.Range(0, 1000).Select(_ => (ReadOnlyMemory<byte>)payload).ToArray();
            var stream = commit % 2 == 0 ? "even" : "odd";
            await _store.CommitAsync(new CommitRequest(StreamName.Parse(stream), events, ReadOnlyMemory<byte>.Empty, ExpectedVersion.Any, null, null), default);
        }
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)_store).DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Scan_AllocationDoesNotGrowWithTheResult()
    {
        var small = await AllocatedWhileReading(new ReadSource.Stream(StreamName.All), new ResolvedWindow(1, 1_000));
        var large = await AllocatedWhileReading(new ReadSource.Stream(StreamName.All), new ResolvedWindow(1, 100_000));
        var backwards = await AllocatedWhileReading(new ReadSource.Stream(StreamName.All), new ResolvedWindow(100_000, 1));
        var stream = await AllocatedWhileReading(new ReadSource.Stream(StreamName.Parse("odd")), new ResolvedWindow(1, 50_000));

        Assert.Equal(1_000, small.Events);
        Assert.Equal(100_000, large.Events);
        Assert.Equal(100_000, backwards.Events);
        Assert.Equal(50_000, stream.Events);
        Assert.True(large.Bytes < 64L * large.Events, $"a 100k-event scan allocated {large.Bytes} bytes");
        Assert.True(large.Bytes < small.Bytes + (256 * 1024), $"100k events allocated {large.Bytes} bytes, 1k events {small.Bytes}");
        Assert.True(backwards.Bytes < small.Bytes + (256 * 1024), $"a backwards scan allocated {backwards.Bytes} bytes");
        Assert.True(stream.Bytes < small.Bytes + (256 * 1024), $"a stream scan allocated {stream.Bytes} bytes");
    }

    private async Task<(long Events, long Bytes)> AllocatedWhileReading(ReadSource source, ResolvedWindow window)
    {
        await Count(source, new ResolvedWindow(1, 10));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = await Count(source, window);
        return (events, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private async Task<long> Count(ReadSource source, ResolvedWindow window)
    {
        long events = 0;
        await foreach (var batch in _store.ReadAsync(source, window, null, CancellationToken.None))
        {
            events += batch.Count;
        }

        return events;
    }
}
