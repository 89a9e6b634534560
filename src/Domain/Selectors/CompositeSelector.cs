using System.Text;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Selectors;

/// <summary>A union or an intersection: what the two share (children, the streams they name, the array form).</summary>
public abstract class CompositeSelector : Selector
{
    private protected CompositeSelector(IReadOnlyList<Selector> children) => Children = children;

    public IReadOnlyList<Selector> Children { get; }

    /// <summary>0 when the array of this kind sits at even depth (unions), 1 at odd depth (intersections).</summary>
    private protected abstract int ArrayParity { get; }

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
