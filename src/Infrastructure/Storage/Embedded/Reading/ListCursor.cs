using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>
/// The entries [first, last] (0-based indexes) of a stream's position list. With
/// <paramref name="revisionsAreIndexes"/>, <see cref="PositionCursor.Revision"/> is the stream revision (index + 1).
/// </summary>
internal sealed class ListCursor(AppendOnlyLongList list, long first, long last, bool ascending, bool revisionsAreIndexes) : PositionCursor
{
    private long _next = ascending ? first : last;

    public override bool TryNext(out long position)
    {
        if (first > last || _next < first || _next > last)
        {
            position = 0;
            return false;
        }

        position = list[_next];
        Revision = revisionsAreIndexes ? _next + 1 : position;
        _next += ascending ? 1 : -1;
        return true;
    }
}
