using BenchmarkDotNet.Attributes;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Engine.Benchmarks.Support;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// Durable batched appends from one caller: each invocation appends 1,000 events to one stream as
/// 1000 / <see cref="EventsPerCommit"/> sequential commits, each acknowledged only after its fsync.
/// </summary>
public class AppendBenchmarks
{
    private const int EventsPerInvocation = 1000;

    private BenchStore _store = null!;
    private CommitRequest _request = null!;
    private int _commits;

    [Params(1, 10, 100, 1000)]
    public int EventsPerCommit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchStore.Create("append");
        _request = BenchStore.Request("bench-1", Payloads.Events(EventsPerCommit));
        _commits = EventsPerInvocation / EventsPerCommit;
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public async Task DurableAppend()
    {
        for (var i = 0; i < _commits; i++)
        {
            await BenchStore.CommitOrThrowAsync(_store.Store, _request);
        }
    }
}
