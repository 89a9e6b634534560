using CleanEventStore.Domain.Selectors;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Writing;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>
/// A set of global positions defined by the selector algebra over stream indexes: unions merge cursors,
/// intersections walk their smallest member and probe the others by binary search. Nothing is materialised.
/// </summary>
internal abstract class PositionSet
{
    public static PositionSet Empty { get; } = new EmptySet();

    public abstract bool Contains(long position);

    /// <summary>An upper bound of the number of positions in [low, high].</summary>
    public abstract long Estimate(long low, long high);

    public abstract PositionCursor Open(long low, long high, bool ascending);

    /// <summary>Builds the set of a (normalized) selector; unknown streams are empty.</summary>
    public static PositionSet From(Selector selector, StreamCatalog catalog, long head) => selector switch
    {
        StreamSelector { Name.IsAll: true } => new AllSet(),
        StreamSelector leaf => catalog.Find(leaf.Name.Value) is { } state && state.IsVisibleAt(head) ? new StreamSet(state.Positions) : Empty,
        OrSelector or => Union([.. or.Children.Select(child => From(child, catalog, head))]),
        AndSelector and => new IntersectionSet([.. and.Children.Select(child => From(child, catalog, head))]),
        _ => throw new ArgumentOutOfRangeException(nameof(selector), selector, "Unknown selector."),
    };

    /// <summary>
    /// Builds the set of a (normalized) selector over the committed streams and the streams created in the writer's
    /// current <paramref name="group"/> (a matcher stream created earlier in the group holds its backfill), for a DCB
    /// check; unknown streams are empty.
    /// </summary>
    public static PositionSet From(Selector selector, GroupState group, long head) => selector switch
    {
        StreamSelector { Name.IsAll: true } => new AllSet(),
        StreamSelector leaf => group.Find(leaf.Name.Value) is { } state && state.IsVisibleAt(head) ? new StreamSet(state.Positions) : Empty,
        OrSelector or => Union([.. or.Children.Select(child => From(child, group, head))]),
        AndSelector and => new IntersectionSet([.. and.Children.Select(child => From(child, group, head))]),
        _ => throw new ArgumentOutOfRangeException(nameof(selector), selector, "Unknown selector."),
    };

    public static PositionSet Union(IReadOnlyList<PositionSet> children)
    {
        var members = children.Where(child => child is not EmptySet).ToArray();
        return members.Length switch
        {
            0 => Empty,
            1 => members[0],
            _ => members.Any(member => member is AllSet) ? new AllSet() : new UnionSet(members),
        };
    }

    private sealed class EmptySet : PositionSet
    {
        public override bool Contains(long position) => false;

        public override long Estimate(long low, long high) => 0;

        public override PositionCursor Open(long low, long high, bool ascending) => new RangeCursor(1, 0, ascending);
    }

    private sealed class AllSet : PositionSet
    {
        public override bool Contains(long position) => true;

        public override long Estimate(long low, long high) => Math.Max(0, high - low + 1);

        public override PositionCursor Open(long low, long high, bool ascending) => new RangeCursor(low, high, ascending);
    }

    private sealed class StreamSet(AppendOnlyLongList list) : PositionSet
    {
        public override bool Contains(long position)
        {
            var count = list.Count;
            var index = list.LowerBound(position, count);
            return index < count && list[index] == position;
        }

        public override long Estimate(long low, long high)
        {
            var count = list.Count;
            return list.LowerBound(high + 1, count) - list.LowerBound(low, count);
        }

        public override PositionCursor Open(long low, long high, bool ascending)
        {
            var count = list.Count;
            var first = list.LowerBound(low, count);
            var last = list.LowerBound(high + 1, count) - 1;
            return new ListCursor(list, first, last, ascending, revisionsAreIndexes: false);
        }
    }

    private sealed class UnionSet(PositionSet[] children) : PositionSet
    {
        public override bool Contains(long position) => children.Any(child => child.Contains(position));

        public override long Estimate(long low, long high) => children.Sum(child => child.Estimate(low, high));

        public override PositionCursor Open(long low, long high, bool ascending) =>
            new UnionCursor([.. children.Select(child => child.Open(low, high, ascending))], ascending);
    }

    private sealed class IntersectionSet(PositionSet[] children) : PositionSet
    {
        public override bool Contains(long position) => children.All(child => child.Contains(position));

        public override long Estimate(long low, long high) => children.Min(child => child.Estimate(low, high));

        public override PositionCursor Open(long low, long high, bool ascending)
        {
            var smallest = 0;
            var smallestEstimate = long.MaxValue;
            for (var i = 0; i < children.Length; i++)
            {
                var estimate = children[i].Estimate(low, high);
                if (estimate < smallestEstimate)
                {
                    smallestEstimate = estimate;
                    smallest = i;
                }
            }

            var others = children.Where((_, i) => i != smallest).ToArray();
            return new FilteredCursor(children[smallest].Open(low, high, ascending), others);
        }
    }
}
