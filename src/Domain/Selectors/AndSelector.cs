using System.Text;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Selectors;

/// <summary>An intersection: events in every child. <c>_all</c> children are ignored.</summary>
public sealed class AndSelector(IReadOnlyList<Selector> children) : Selector
{
    public IReadOnlyList<Selector> Children { get; } = children;

    public override Selector Normalize()
    {
        var flat = new List<Selector>(Children.Count);
        foreach (var child in Children)
        {
            var normal = child.Normalize();
            if (normal.IsAll)
            {
                continue;
            }

            if (normal is AndSelector and)
            {
                flat.AddRange(and.Children);
            }
            else
            {
                flat.Add(normal);
            }
        }

        var unique = Deduplicate(flat);
        return unique.Count switch
        {
            0 => All,
            1 => unique[0],
            _ => new AndSelector(unique),
        };
    }

    internal override void CollectStreams(List<StreamName> names)
    {
        foreach (var child in Children)
        {
            child.CollectStreams(names);
        }
    }

    internal override void WriteElement(StringBuilder builder, int depth)
    {
        // Arrays at odd depth are intersections. At even depth (or the top) wrap in a one-element union.
        var arrayDepth = depth + 1;
        if (arrayDepth % 2 == 1)
        {
            WriteArray(builder, Children, arrayDepth);
        }
        else
        {
            builder.Append('[');
            WriteArray(builder, Children, arrayDepth + 1);
            builder.Append(']');
        }
    }
}
