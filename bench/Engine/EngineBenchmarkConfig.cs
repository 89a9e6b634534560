using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace CleanEventStore.Engine.Benchmarks;

/// <summary>
/// One job for every engine benchmark, sized so that the whole suite runs in about five minutes on two cores:
/// one launch, 3 warm-up and 15 measured iterations of about half a second each (the fsync-bound ones are noisy on
/// a virtual disk, hence more iterations than BenchmarkDotNet's short run). Every benchmark sets
/// <c>OperationsPerInvoke</c> to the events one invocation handles, so BenchmarkDotNet's per-operation figures
/// (Mean, Allocated) are per event and the <c>Events/s</c> column is events per second.
/// The in-process toolchain runs the benchmarks in this process: the default toolchain builds a generated project
/// that must be named like the assembly (this one is <c>Engine.csproj</c> with the assembly name
/// <c>CleanEventStore.Engine.Benchmarks</c>, which Infrastructure's InternalsVisibleTo names). Each benchmark case
/// still gets its own fresh store in its own temporary directory.
/// </summary>
public sealed class EngineBenchmarkConfig : ManualConfig
{
    public EngineBenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddJob(Job.Default
            .WithId("Engine")
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(500))
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(10), logOutput: true)));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new EventsPerSecondColumn());
        SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(30);
        WithOption(ConfigOptions.JoinSummary, false);
    }
}
