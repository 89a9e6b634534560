namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>A k-way merge of cursors in global order, each position once.</summary>
internal sealed class UnionCursor : PositionCursor
{
    private readonly PriorityQueue<PositionCursor, long> _heads;
    private readonly bool _ascending;
    private long _last;

    public UnionCursor(IReadOnlyList<PositionCursor> children, bool ascending)
    {
        _ascending = ascending;
        _heads = new PriorityQueue<PositionCursor, long>(children.Count);
        foreach (var child in children)
        {
            if (child.TryNext(out var position))
            {
                _heads.Enqueue(child, Key(position));
            }
        }

        _last = -1;
    }

    public override bool TryNext(out long position)
    {
        while (_heads.TryDequeue(out var child, out var key))
        {
            position = _ascending ? key : -key;
            if (child.TryNext(out var following))
            {
                _heads.Enqueue(child, Key(following));
            }

            if (position != _last)
            {
                _last = position;
                Revision = position;
                return true;
            }
        }

        position = 0;
        return false;
    }

    private long Key(long position) => _ascending ? position : -position;
}
