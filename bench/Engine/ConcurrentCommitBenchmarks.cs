using BenchmarkDotNet.Attributes;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Engine.Benchmarks.Support;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// Single-event commits from <see cref="Callers"/> concurrent callers, each on its own stream, through the
/// group-commit writer: each invocation makes 1,024 durable commits in all (1024 / Callers per caller, each caller
/// awaiting its previous commit, as an HTTP connection does).
/// </summary>
public class ConcurrentCommitBenchmarks
{
    private const int CommitsPerInvocation = 1024;

    private BenchStore _store = null!;
    private CommitRequest[] _requests = [];
    private Task[] _callers = [];

    [Params(1, 4, 16, 64)]
    public int Callers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchStore.Create("concurrent");
        _requests = new CommitRequest[Callers];
        for (var c = 0; c < Callers; c++)
        {
            _requests[c] = BenchStore.Request($"bench-{c + 1}", [Payloads.Event(c)]);
        }

        _callers = new Task[Callers];
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(OperationsPerInvoke = CommitsPerInvocation)]
    public Task SingleEventCommits()
    {
        var perCaller = CommitsPerInvocation / Callers;
        for (var c = 0; c < Callers; c++)
        {
            _callers[c] = RunCallerAsync(_store.Store, _requests[c], perCaller);
        }

        return Task.WhenAll(_callers);
    }

    internal static async Task RunCallerAsync(IEventStore store, CommitRequest request, int commits)
    {
        for (var i = 0; i < commits; i++)
        {
            await BenchStore.CommitOrThrowAsync(store, request);
        }
    }
}
