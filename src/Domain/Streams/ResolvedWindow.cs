namespace CleanEventStore.Domain.Streams;

/// <summary>
/// Concrete 1-based inclusive bounds. <see cref="From"/> greater than <see cref="Until"/> reads in reverse order.
/// <see cref="Empty"/> selects nothing.
/// </summary>
public readonly record struct ResolvedWindow(long From, long Until)
{
    public static ResolvedWindow Empty { get; } = new(0, 0);

    public bool IsEmpty => From < 1 || Until < 1;

    public bool IsForward => From <= Until;

    /// <summary>The highest revision the window covers: what a long-poll waits for.</summary>
    public long Target => Math.Max(From, Until);

    public long Lowest => Math.Min(From, Until);

    /// <summary>True when part of the window lies beyond <paramref name="length"/>, so a read must wait for it.</summary>
    public bool ReachesPast(long length) => !IsEmpty && Target > length;
}
