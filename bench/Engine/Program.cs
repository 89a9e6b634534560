using BenchmarkDotNet.Running;
using CleanEventStore.Engine.Benchmarks;

// Pass BenchmarkDotNet's own arguments through, for example: --filter '*Scan*' or --list flat.
// bench/run-engine.sh adds --filter '*' when none is given, so that nothing waits for a prompt.
BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarkConfig).Assembly).Run(args, new EngineBenchmarkConfig());
