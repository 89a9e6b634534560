using System.Diagnostics;
using System.Globalization;
using CleanEventStore.Engine.Benchmarks.Support;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// The append and concurrent-commit workloads in a plain timed loop over a fresh store, for profilers:
/// <c>--loop append 1000 20</c> (1,000 events per commit for 20 s), <c>--loop commits 16 20</c> (16 single-event
/// callers), <c>--loop import 8 20</c> (8 callers committing 1,000 events at a time, each to its own stream).
/// </summary>
internal static class ProfileLoop
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var size) || size < 1
            || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
        {
            await Console.Error.WriteLineAsync("usage: --loop <append|commits|import> <events per commit | callers> <seconds>");
            return 2;
        }

        await using var store = BenchStore.Create("loop");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var deadline = Stopwatch.StartNew();
        long events;
        switch (args[0])
        {
            case "append":
                events = await RunCallersAsync(store, 1, _ => Payloads.Events(size), deadline, seconds);
                break;
            case "commits":
                events = await RunCallersAsync(store, size, caller => [Payloads.Event(caller)], deadline, seconds);
                break;
            case "import":
                events = await RunCallersAsync(store, size, _ => Payloads.Events(1000), deadline, seconds);
                break;
            default:
                await Console.Error.WriteLineAsync($"unknown loop {args[0]}: append, commits or import");
                return 2;
        }

        var elapsed = deadline.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{args[0]} {size}: {events:N0} events in {elapsed:F1} s = {events / elapsed:N0} events/s, {allocated / (double)Math.Max(events, 1):N0} bytes allocated per event"));
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="callers"/> concurrent callers until the deadline, caller <c>c</c> committing
    /// <paramref name="eventsFor"/>(c) to <c>bench-{c+1}</c> and awaiting each commit; returns the events committed.
    /// </summary>
    private static async Task<long> RunCallersAsync(
        BenchStore store, int callers, Func<int, ReadOnlyMemory<byte>[]> eventsFor, Stopwatch deadline, int seconds)
    {
        var tasks = new Task<long>[callers];
        for (var c = 0; c < callers; c++)
        {
            var events = eventsFor(c);
            var request = BenchStore.Request($"bench-{c + 1}", events);
            tasks[c] = Task.Run(async () =>
            {
                long committed = 0;
                while (deadline.Elapsed.TotalSeconds < seconds)
                {
                    await BenchStore.CommitOrThrowAsync(store.Store, request);
                    committed += events.Length;
                }

                return committed;
            });
        }

        long total = 0;
        foreach (var task in tasks)
        {
            total += await task;
        }

        return total;
    }
}
