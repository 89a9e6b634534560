using System.Buffers;
using BenchmarkDotNet.Attributes;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Engine.Benchmarks.Support;
using CleanEventStore.Infrastructure.Matching;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// Raw scans of a pre-filled store from the page cache: 200,000 single-event commits alternating between
/// <c>stream-1</c> and <c>stream-2</c> (like the HTTP read fixture). Every batch is copied into one reusable
/// buffer writer, as the Api copies it into the response pipe, so the numbers are the reader's. One operation is
/// one event the reader examined (returned or, for the filtered scan, tested and skipped).
/// </summary>
public class ScanBenchmarks
{
    private const int FixtureEvents = 200_000;
    private const int StreamEvents = FixtureEvents / 2;
    private const int FilterFrom = 180_000;
    private const string FilterJson = "{\"payload\":{\"n\":{\"$gte\":180000}}}";

    private static readonly ReadSource All = new ReadSource.Stream(StreamName.All);
    private static readonly ReadSource Stream1 = new ReadSource.Stream(StreamName.Parse("stream-1"));

    private readonly ArrayBufferWriter<byte> _sink = new(1024 * 1024);
    private BenchStore _store = null!;
    private IEventFilter _filter = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = BenchStore.Create("scan");
        var events = new CommitRequest[FixtureEvents];
        for (var i = 0; i < FixtureEvents; i++)
        {
            events[i] = BenchStore.Request(i % 2 == 0 ? "stream-1" : "stream-2", [Payloads.Event(i)]);
        }

        await BenchStore.FillAsync(_store.Store, FixtureEvents, i => events[i]);
        var matcher = new MatcherParser(Microsoft.Extensions.Options.Options.Create(_store.Options)).Parse(FilterJson, "filter").Value
            ?? throw new InvalidOperationException("The benchmark filter does not parse.");
        _filter = new EventFilterFactory().Create(matcher);

        Expect(nameof(ForwardAll), await ScanAsync(All, new ResolvedWindow(1, FixtureEvents), null), FixtureEvents);
        Expect(nameof(BackwardAll), await ScanAsync(All, new ResolvedWindow(FixtureEvents, 1), null), FixtureEvents);
        Expect(nameof(ForwardStream), await ScanAsync(Stream1, new ResolvedWindow(1, StreamEvents), null), StreamEvents);
        Expect(nameof(FilteredForwardAll), await ScanAsync(All, new ResolvedWindow(1, FixtureEvents), _filter), FixtureEvents - FilterFrom);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    /// <summary><c>_all</c> from the first event to the last.</summary>
    [Benchmark(OperationsPerInvoke = FixtureEvents)]
    public Task<long> ForwardAll() => ScanAsync(All, new ResolvedWindow(1, FixtureEvents), null);

    /// <summary><c>_all</c> from the last event to the first.</summary>
    [Benchmark(OperationsPerInvoke = FixtureEvents)]
    public Task<long> BackwardAll() => ScanAsync(All, new ResolvedWindow(FixtureEvents, 1), null);

    /// <summary><c>stream-1</c> forward: every other record of the log.</summary>
    [Benchmark(OperationsPerInvoke = StreamEvents)]
    public Task<long> ForwardStream() => ScanAsync(Stream1, new ResolvedWindow(1, StreamEvents), null);

    /// <summary><c>_all</c> forward through <c>{"payload":{"n":{"$gte":180000}}}</c>: every event tested, 10% returned.</summary>
    [Benchmark(OperationsPerInvoke = FixtureEvents)]
    public Task<long> FilteredForwardAll() => ScanAsync(All, new ResolvedWindow(1, FixtureEvents), _filter);

    private async Task<long> ScanAsync(ReadSource source, ResolvedWindow window, IEventFilter? filter)
    {
        long count = 0;
        await foreach (var batch in _store.Store.ReadAsync(source, window, filter, CancellationToken.None))
        {
            _sink.ResetWrittenCount();
            batch.WriteTo(_sink);
            count += batch.Count;
        }

        return count;
    }

    private static void Expect(string scan, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{scan} returned {actual} events, expected {expected}.");
        }
    }
}
