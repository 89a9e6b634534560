using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CleanEventStore.Cli.Output;

/// <summary>
/// The progress of a long command (export, import, backup), on stderr: a Spectre progress bar with the rate and the
/// time left on a terminal, else one plain line per interval (<c>export: 120000/1000000 events, 45210 events/s</c>).
/// </summary>
internal sealed class WorkProgress
{
    private readonly CliEnvironment _environment;
    private readonly string _verb;
    private readonly string _unit;

    public WorkProgress(CliEnvironment environment, string verb, string unit)
    {
        _environment = environment;
        _verb = verb;
        _unit = unit;
    }

    /// <summary>Runs <paramref name="work"/>, which reports its count through the <see cref="Counter"/>; <paramref name="total"/> is null when unknown.</summary>
    public async Task<T> RunAsync<T>(long? total, Func<Counter, Task<T>> work)
    {
        var stopwatch = Stopwatch.StartNew();
        if (_environment.InteractiveProgress)
        {
            return await _environment.Error.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new CountColumn(_unit), new RateColumn(_unit), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(_verb, maxValue: total is > 0 ? total.Value : 1);
                    task.IsIndeterminate = total is null;
                    var counter = new Counter(count =>
                    {
                        task.Value = total is null ? 0 : Math.Min(count, total.Value);
                        task.State.Update<long>("count", _ => count);
                    });
                    var result = await work(counter);
                    task.Value = task.MaxValue;
                    task.StopTask();
                    return result;
                });
        }

        var last = TimeSpan.Zero;
        var plain = new Counter(count =>
        {
            if (stopwatch.Elapsed - last >= _environment.PlainProgressInterval)
            {
                last = stopwatch.Elapsed;
                _environment.Error.WriteLine(Line(count, total, stopwatch.Elapsed));
            }
        });
        var outcome = await work(plain);
        return outcome;
    }

    /// <summary>The summary line of a finished command.</summary>
    public string Summary(long count, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{_verb}: {count} {_unit} in {elapsed.TotalSeconds:F1} s, {Rate(count, elapsed)} {_unit}/s");

    private string Line(long count, long? total, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{_verb}: {count}{(total is { } t ? "/" + t.ToString(CultureInfo.InvariantCulture) : "")} {_unit}, {Rate(count, elapsed)} {_unit}/s");

    internal static long Rate(long count, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? (long)(count / elapsed.TotalSeconds) : 0;

    /// <summary>What the work reports its count to.</summary>
    public sealed class Counter(Action<long> report)
    {
        public long Count { get; private set; }

        public void Set(long count)
        {
            Count = count;
            report(count);
        }
    }

    private sealed class CountColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.State.Get<long>("count"):N0} {unit}"));
    }

    private sealed class RateColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var elapsed = task.ElapsedTime ?? TimeSpan.Zero;
            return new Text(string.Create(CultureInfo.InvariantCulture, $"{Rate(task.State.Get<long>("count"), elapsed):N0} {unit}/s"), new Style(Color.Grey));
        }
    }
}
