using BenchmarkDotNet.Attributes;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Engine.Benchmarks.Support;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// Opening (and closing) a store that holds 1,000,000 events in 10,000 streams after a clean shutdown. The fixture
/// is written once: 100,000 commits of 10 events, round-robin over the streams. One operation is one Open + Dispose.
/// </summary>
public class OpenBenchmarks
{
    private const int Events = 1_000_000;
    private const int Streams = 10_000;
    private const int EventsPerCommit = 10;

    private string _directory = string.Empty;
    private EventStoreOptions _options = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var store = BenchStore.Create("open");
        _directory = store.Directory;
        _options = store.Options;
        var events = Payloads.Events(EventsPerCommit);
        var requests = new Application.Abstractions.Storage.CommitRequest[Streams];
        for (var s = 0; s < Streams; s++)
        {
            requests[s] = BenchStore.Request($"stream-{s + 1}", events);
        }

        await BenchStore.FillAsync(store.Store, Events / EventsPerCommit, i => requests[i % Streams]);
        await store.CloseAsync();

        await using var reopened = BenchStore.Open(_options);
        var head = await reopened.GetHeadAsync(CancellationToken.None);
        if (head != Events)
        {
            throw new InvalidOperationException($"The fixture holds {head} events, expected {Events}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => BenchStore.TryDelete(_directory);

    [Benchmark]
    public async Task OpenAndDispose()
    {
        var store = BenchStore.Open(_options);
        await store.DisposeAsync();
    }
}
