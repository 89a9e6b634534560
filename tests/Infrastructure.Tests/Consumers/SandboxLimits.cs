using CleanEventStore.Infrastructure.Consumers.Sandbox;

namespace CleanEventStore.Infrastructure.Tests.Consumers;

/// <summary>
/// Sandbox options for tests: a test of one limit must only be able to hit that limit, whatever the load of the
/// machine. The statement, recursion and memory limits count (statements, calls, bytes allocated by the thread), so
/// they are the same on every run; the time limit depends on the machine. So every test but the time-limit test puts
/// the time limit out of reach, and each limit test also puts the other counted limits out of reach.
/// </summary>
internal static class SandboxLimits
{
    /// <summary>
    /// A time limit no handler in these tests comes near, even on a loaded machine; still finite, so a regression (a
    /// limit that no longer applies) ends the call in the end instead of hanging the test run.
    /// </summary>
    public const int UnreachableTimeoutMs = 10 * 60 * 1000;

    /// <summary>The time limit of <see cref="TimeOnly"/>: short, since the test waits it out.</summary>
    public const int ShortTimeoutMs = 200;

    /// <summary>The default limits, with the time limit out of reach: for tests that hit no limit, or only counted ones.</summary>
    public static ConsumerSandboxOptions Counted() => new() { TimeoutMs = UnreachableTimeoutMs };

    /// <summary>Only the statement limit (its default) can be hit.</summary>
    public static ConsumerSandboxOptions StatementsOnly() => new() { TimeoutMs = UnreachableTimeoutMs, MemoryLimitBytes = long.MaxValue };

    /// <summary>Only the recursion limit (its default) can be hit.</summary>
    public static ConsumerSandboxOptions RecursionOnly() => new() { TimeoutMs = UnreachableTimeoutMs, MaxStatements = int.MaxValue, MemoryLimitBytes = long.MaxValue };

    /// <summary>Only the memory limit (its default) can be hit.</summary>
    public static ConsumerSandboxOptions MemoryOnly() => new() { TimeoutMs = UnreachableTimeoutMs, MaxStatements = int.MaxValue };

    /// <summary>
    /// Only the time limit (<see cref="ShortTimeoutMs"/>) can be hit by a loop: statements and memory are unlimited
    /// in practice (int.MaxValue statements take the interpreter far longer than the time limit).
    /// </summary>
    public static ConsumerSandboxOptions TimeOnly() => new() { TimeoutMs = ShortTimeoutMs, MaxStatements = int.MaxValue, MemoryLimitBytes = long.MaxValue };

    /// <summary>The options of <paramref name="limit"/>'s test: "statements", "recursion", "memory" or "time".</summary>
    public static ConsumerSandboxOptions Only(string limit) => limit switch
    {
        "statements" => StatementsOnly(),
        "recursion" => RecursionOnly(),
        "memory" => MemoryOnly(),
        "time" => TimeOnly(),
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "no such sandbox limit"),
    };
}
