using System.Text;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Selectors;

/// <summary>
/// A union or an intersection: what the two share (children, normalization, the streams they name, the array form).
/// </summary>
public abstract class CompositeSelector : Selector
{
    private protected CompositeSelector(IReadOnlyList<Selector> children) => Children = children;

    public IReadOnlyList<Selector> Children { get; }

    /// <summary>0 when the array of this kind sits at even depth (unions), 1 at odd depth (intersections).</summary>
    private protected abstract int ArrayParity { get; }

    /// <summary>
    /// What an <c>_all</c> child does: true when it makes the whole selector <c>_all</c> (a union), false when it
    /// is dropped (an intersection).
    /// </summary>
    private protected abstract bool AllAbsorbs { get; }

    /// <summary>
    /// Normalizes the children, flattens nested selectors of the same kind, drops duplicates; one child left is
    /// returned as is.
    /// </summary>
    public override Selector Normalize()
    {
        var flat = new List<Selector>(Children.Count);
        foreach (var child in Children)
        {
            var normal = child.Normalize();
            if (normal.IsAll)
            {
                if (AllAbsorbs)
                {
                    return All;
                }

                continue;
            }

            if (normal is CompositeSelector same && same.GetType() == GetType())
            {
                flat.AddRange(same.Children);
            }
            else
            {
                flat.Add(normal);
            }
        }

        var unique = Deduplicate(flat);
        return unique.Count switch
        {
            0 => WhenEmpty(),
            1 => unique[0],
            _ => With(unique),
        };
    }

    /// <summary>The selector of this kind over <paramref name="children"/>.</summary>
    private protected abstract CompositeSelector With(IReadOnlyList<Selector> children);

    /// <summary>What normalizes a selector of this kind that has no child left.</summary>
    private protected abstract Selector WhenEmpty();

    internal override void CollectStreams(List<StreamName> names)
    {
        foreach (var child in Children)
        {
            child.CollectStreams(names);
        }
    }

    internal override void WriteElement(StringBuilder builder, int depth)
    {
        // An array at the depth that has the wrong kind is wrapped in a one-element array of the other kind.
        var arrayDepth = depth + 1;
        if (arrayDepth % 2 == ArrayParity)
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
