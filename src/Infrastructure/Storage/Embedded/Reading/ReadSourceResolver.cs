using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>
/// Resolves a <see cref="ReadSource"/> against the catalog at a head: its version (for long-polls and conditions)
/// and the cursor over the positions a read visits. Lock-free: any thread.
/// </summary>
internal sealed class ReadSourceResolver(EngineState state)
{
    public SourceVersion? VersionOf(ReadSource source, long head)
    {
        switch (source)
        {
            case ReadSource.Stream { Name.IsAll: true }:
            case ReadSource.Join:
                return new SourceVersion(head, Closed: false);
            case ReadSource.Stream stream:
                var found = state.Catalog.Find(stream.Name.Value);
                return found is not null && found.IsVisibleAt(head) ? new SourceVersion(found.VisibleCount(head), found.Closed) : null;
            case ReadSource.Category category:
                return CategoryMembers(category.Name, head).Count > 0 ? new SourceVersion(head, Closed: false) : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown read source.");
        }
    }

    public PositionCursor OpenCursor(ReadSource source, ResolvedWindow window, long head)
    {
        if (window.IsEmpty)
        {
            return new RangeCursor(1, 0, true);
        }

        var ascending = window.IsForward;
        switch (source)
        {
            case ReadSource.Stream { Name.IsAll: true }:
                return new RangeCursor(window.Lowest, Math.Min(window.Target, head), ascending);
            case ReadSource.Stream stream:
            {
                var found = state.Catalog.Find(stream.Name.Value);
                if (found is null || !found.IsVisibleAt(head))
                {
                    return new RangeCursor(1, 0, true);
                }

                var count = found.VisibleCount(head);
                return new ListCursor(found.Positions, window.Lowest - 1, Math.Min(window.Target, count) - 1, ascending, revisionsAreIndexes: true);
            }

            case ReadSource.Join join:
                return PositionSet.From(join.Selector, state.Catalog, head).Open(window.Lowest, Math.Min(window.Target, head), ascending);
            case ReadSource.Category category:
            {
                var members = CategoryMembers(category.Name, head);
                return PositionSet.Union(members).Open(window.Lowest, Math.Min(window.Target, head), ascending);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown read source.");
        }
    }

    private List<PositionSet> CategoryMembers(string category, long head)
    {
        var members = new List<PositionSet>();
        foreach (var stream in state.Catalog.Snapshot())
        {
            var name = stream.Name.Value;
            if (name.Length > category.Length
                && (name[category.Length] == '-' || name[category.Length] == '/')
                && name.StartsWith(category, StringComparison.Ordinal)
                && stream.IsVisibleAt(head))
            {
                members.Add(PositionSet.From(Selector.Stream(stream.Name), state.Catalog, head));
            }
        }

        return members;
    }
}
