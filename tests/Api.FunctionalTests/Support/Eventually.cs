using System.Diagnostics;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// Waits for a condition with a deadline, never for a fixed time: polls it at a short interval until it holds and
/// fails naming what did not happen once the deadline has passed. The deadline only matters when something hangs, so
/// it is generous: a loaded two-core CI machine is slow, not stuck.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>Returns as soon as <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after the deadline.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, deadline, interval);

    /// <inheritdoc cref="UntilAsync(Func{bool}, string, TimeSpan?, TimeSpan?)"/>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null, TimeSpan? interval = null)
    {
        var limit = deadline ?? Deadline;
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }
}
