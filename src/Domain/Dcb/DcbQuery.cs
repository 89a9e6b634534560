using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Dcb;

/// <summary>
/// A DCB query <c>{"items":[{"types":[…],"tags":[…]}]}</c>: items are ORed. It compiles to a selector over the
/// derived streams: a type is the stream named like the type, a tag is the stream <c>tags/&lt;tag&gt;</c>.
/// </summary>
public sealed record DcbQuery(IReadOnlyList<DcbQueryItem> Items)
{
    /// <summary>
    /// The normalized selector: per item AND(tag streams…, OR(type streams…)); an item with neither is <c>_all</c>.
    /// Throws <see cref="ArgumentException"/> when a type or tag does not form a valid stream name.
    /// </summary>
    public Selector ToSelector()
    {
        if (Items.Count == 0)
        {
            throw new ArgumentException("A DCB query needs at least one item.");
        }

        var items = new List<Selector>(Items.Count);
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var parts = new List<Selector>(item.Tags.Count + 1);
            for (var t = 0; t < item.Tags.Count; t++)
            {
                parts.Add(Selector.Stream(Name(StreamNamespace.TagPrefix + item.Tags[t], $"query.items[{i}].tags[{t}]")));
            }

            if (item.Types.Count > 0)
            {
                var types = new List<Selector>(item.Types.Count);
                for (var t = 0; t < item.Types.Count; t++)
                {
                    types.Add(Selector.Stream(Name(item.Types[t], $"query.items[{i}].types[{t}]")));
                }

                parts.Add(Selector.Or(types));
            }

            items.Add(parts.Count == 0 ? Selector.All : Selector.And(parts));
        }

        return Selector.Or(items).Normalize();
    }

    private static StreamName Name(string value, string label)
    {
        var error = StreamName.Validate(value, label, allowAll: false);
        return error is null ? StreamName.FromTrusted(value) : throw new ArgumentException(error);
    }
}
