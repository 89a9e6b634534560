using BenchmarkDotNet.Attributes;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Engine.Benchmarks.Support;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// Durable batched appends from <see cref="Callers"/> concurrent callers (an import, or several producers that batch):
/// each invocation makes 256 commits of 1,000 events in all (256 / Callers per caller, each on its own stream and
/// awaiting its previous commit), which the group-commit writer combines into shared writes and fsyncs. An
/// invocation ends when every caller is done, which drains the writer's pipeline; with 256 commits (about a quarter
/// of a second) that barrier costs a few percent, where 32 commits (4 per caller at 8 callers) cost a fifth.
/// </summary>
public class ConcurrentAppendBenchmarks
{
    private const int EventsPerCommit = 1000;
    private const int CommitsPerInvocation = 256;

    private BenchStore _store = null!;
    private CommitRequest[] _requests = [];
    private Task[] _callers = [];

    [Params(2, 4, 8)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchStore.Create("import");
        _requests = new CommitRequest[Callers];
        for (var c = 0; c < Callers; c++)
        {
            _requests[c] = BenchStore.Request($"bench-{c + 1}", Payloads.Events(EventsPerCommit));
        }

        _callers = new Task[Callers];
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(OperationsPerInvoke = EventsPerCommit * CommitsPerInvocation)]
    public Task DurableBatchedAppends()
    {
        var perCaller = CommitsPerInvocation / Callers;
        for (var c = 0; c < Callers; c++)
        {
            _callers[c] = ConcurrentCommitBenchmarks.RunCallerAsync(_store.Store, _requests[c], perCaller);
        }

        return Task.WhenAll(_callers);
    }
}
