using System.Text;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Selectors;

/// <summary>A single stream (or <c>_all</c>).</summary>
public sealed class StreamSelector(StreamName name) : Selector
{
    public StreamName Name { get; } = name;

    public override Selector Normalize() => this;

    internal override void CollectStreams(List<StreamName> names)
    {
        if (!names.Contains(Name))
        {
            names.Add(Name);
        }
    }

    internal override void WriteElement(StringBuilder builder, int depth)
    {
        if (depth < 0)
        {
            builder.Append('[');
        }

        // Stream names are restricted to ASCII letters, digits and separators: nothing to escape.
        builder.Append('"').Append(Name.Value).Append('"');
        if (depth < 0)
        {
            builder.Append(']');
        }
    }
}
