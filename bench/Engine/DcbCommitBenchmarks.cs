using BenchmarkDotNet.Attributes;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Engine.Benchmarks.Support;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// DCB-conditioned single-event commits that never conflict: the condition names the type stream
/// <c>SeatReserved</c> (10,000 events written before the run) and its position is the head at setup, while the
/// commits add <c>BenchEvent</c>s. Same shape as <see cref="ConcurrentCommitBenchmarks"/> (1,024 commits per
/// invocation), so the two compare row by row: the difference is the cost of checking the condition in the writer.
/// </summary>
public class DcbCommitBenchmarks
{
    private const int CommitsPerInvocation = 1024;
    private const int ReservedEvents = 10_000;

    private BenchStore _store = null!;
    private CommitRequest[] _requests = [];
    private Task[] _callers = [];

    [Params(1, 16)]
    public int Callers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = BenchStore.Create("dcb");
        var reserved = Payloads.Events(100, type: "SeatReserved");
        await BenchStore.FillAsync(_store.Store, ReservedEvents / 100, i => BenchStore.Request($"seats-{i % 10}", reserved));
        var head = await _store.Store.GetHeadAsync(CancellationToken.None);
        var seats = await _store.Store.GetStreamAsync(StreamName.Parse("SeatReserved"), CancellationToken.None);
        if (seats?.Version != ReservedEvents)
        {
            throw new InvalidOperationException($"The type stream SeatReserved holds {seats?.Version} events, expected {ReservedEvents}.");
        }

        var condition = new CommitCondition(Selector.Stream(StreamName.Parse("SeatReserved")), null, head);
        _requests = new CommitRequest[Callers];
        for (var c = 0; c < Callers; c++)
        {
            _requests[c] = BenchStore.Request($"booking-{c + 1}", [Payloads.Event(c)]) with { Condition = condition };
        }

        _callers = new Task[Callers];
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _store.DisposeAsync();

    [Benchmark(OperationsPerInvoke = CommitsPerInvocation)]
    public Task ConditionedCommits()
    {
        var perCaller = CommitsPerInvocation / Callers;
        for (var c = 0; c < Callers; c++)
        {
            _callers[c] = ConcurrentCommitBenchmarks.RunCallerAsync(_store.Store, _requests[c], perCaller);
        }

        return Task.WhenAll(_callers);
    }
}
