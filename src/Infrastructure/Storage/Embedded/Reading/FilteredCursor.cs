namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>The positions of a cursor that every other set contains (an intersection driven by its smallest member).</summary>
internal sealed class FilteredCursor(PositionCursor inner, IReadOnlyList<PositionSet> others) : PositionCursor
{
    public override bool TryNext(out long position)
    {
        while (inner.TryNext(out position))
        {
            var all = true;
            foreach (var other in others)
            {
                if (!other.Contains(position))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                Revision = position;
                return true;
            }
        }

        return false;
    }
}
