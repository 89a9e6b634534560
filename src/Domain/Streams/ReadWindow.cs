namespace CleanEventStore.Domain.Streams;

/// <summary>
/// A read window as requested: optional <c>from</c>/<c>until</c> bounds, a direction and an optional amount
/// (<c>/forwards/{n}</c> or <c>/backwards/{n}</c>). <see cref="Resolve"/> turns it into concrete revisions.
/// </summary>
public sealed record ReadWindow(RevisionBound? From, RevisionBound? Until, ReadDirection Direction, long? Amount)
{
    /// <summary>The whole stream, oldest first.</summary>
    public static ReadWindow Everything { get; } = new(null, null, ReadDirection.Forwards, null);

    /// <summary>
    /// Resolves the window against the current <paramref name="length"/> (stream version, or log length for global
    /// reads), following the wire protocol: lower = from (default 1), upper = until (default length); forwards reads
    /// lower..min(upper, lower+n-1), backwards reads upper..max(lower, upper-n+1); a lower bound above the upper one reads
    /// in reverse. One deliberate difference: a forwards read with an explicit <c>from</c> past the head and no
    /// <c>until</c> waits forwards for <c>from..from+n-1</c> (n defaults to 1) instead of turning into a backwards read.
    /// </summary>
    public ResolvedWindow Resolve(long length)
    {
        var lower = From?.Resolve(length) ?? 1;
        var upper = Until?.Resolve(length) ?? length;
        long from;
        long until;
        if (Direction == ReadDirection.Forwards)
        {
            from = lower;
            if (Until is null && from > upper)
            {
                if (From is null)
                {
                    return ResolvedWindow.Empty;
                }

                until = from + (Amount ?? 1) - 1;
            }
            else
            {
                until = Amount is { } amount ? Math.Min(upper, from + amount - 1) : upper;
            }
        }
        else
        {
            from = upper;
            until = Amount is { } amount ? Math.Max(lower, upper - amount + 1) : lower;
        }

        return from < 1 || until < 1 ? ResolvedWindow.Empty : new ResolvedWindow(from, until);
    }
}
