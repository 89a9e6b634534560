using System.Text;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Selectors;

/// <summary>A union: events in any of the children.</summary>
public sealed class OrSelector(IReadOnlyList<Selector> children) : Selector
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
                return All;
            }

            if (normal is OrSelector or)
            {
                flat.AddRange(or.Children);
            }
            else
            {
                flat.Add(normal);
            }
        }

        var unique = Deduplicate(flat);
        return unique.Count switch
        {
            0 => throw new InvalidOperationException("A union needs at least one selector."),
            1 => unique[0],
            _ => new OrSelector(unique),
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
        // Arrays at even depth are unions. At odd depth wrap in a one-element intersection.
        var arrayDepth = depth + 1;
        if (arrayDepth % 2 == 0)
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
