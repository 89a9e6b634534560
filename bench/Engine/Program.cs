using BenchmarkDotNet.Running;
using CleanEventStore.Engine.Benchmarks;

// --loop <append|commits> <events per commit | callers> <seconds>: runs one workload in a plain loop for that
// long and prints its rate, for attaching a profiler (perf, dotnet-trace) without BenchmarkDotNet's phases.
if (args.Length > 0 && args[0] == "--loop")
{
    return await ProfileLoop.RunAsync(args[1..]);
}

// Otherwise BenchmarkDotNet's own arguments pass through, for example: --filter '*Scan*' or --list flat.
// bench/run-engine.sh adds --filter '*' when none is given, so that nothing waits for a prompt.
BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarkConfig).Assembly).Run(args, new EngineBenchmarkConfig());
return 0;
