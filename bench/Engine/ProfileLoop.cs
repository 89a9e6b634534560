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
        long events = 0;
        switch (args[0])
        {
            case "append":
                var request = BenchStore.Request("bench-1", Payloads.Events(size));
                while (deadline.Elapsed.TotalSeconds < seconds)
                {
                    await BenchStore.CommitOrThrowAsync(store.Store, request);
                    events += size;
                }

                break;
            case "commits":
                var callers = new Task<long>[size];
                for (var c = 0; c < size; c++)
                {
                    var callerRequest = BenchStore.Request($"bench-{c + 1}", [Payloads.Event(c)]);
                    callers[c] = Task.Run(async () =>
                    {
                        long commits = 0;
                        while (deadline.Elapsed.TotalSeconds < seconds)
                        {
                            await BenchStore.CommitOrThrowAsync(store.Store, callerRequest);
                            commits++;
                        }

                        return commits;
                    });
                }

                foreach (var caller in callers)
                {
                    events += await caller;
                }

                break;
            case "import":
                var importers = new Task<long>[size];
                for (var c = 0; c < size; c++)
                {
                    var batch = BenchStore.Request($"bench-{c + 1}", Payloads.Events(1000));
                    importers[c] = Task.Run(async () =>
                    {
                        long imported = 0;
                        while (deadline.Elapsed.TotalSeconds < seconds)
                        {
                            await BenchStore.CommitOrThrowAsync(store.Store, batch);
                            imported += 1000;
                        }

                        return imported;
                    });
                }

                foreach (var importer in importers)
                {
                    events += await importer;
                }

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
}
