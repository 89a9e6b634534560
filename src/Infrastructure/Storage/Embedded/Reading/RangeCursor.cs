namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>Every position of [low, high] (the global log).</summary>
internal sealed class RangeCursor(long low, long high, bool ascending) : PositionCursor
{
    private long _next = ascending ? low : high;

    public override bool TryNext(out long position)
    {
        if (low > high || _next < low || _next > high)
        {
            position = 0;
            return false;
        }

        position = _next;
        Revision = position;
        _next += ascending ? 1 : -1;
        return true;
    }
}
