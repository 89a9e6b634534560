using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>Comma-separated stream lists (<c>?streams=a,b</c>, <c>?types=A,B</c>): repeated values concatenated, items trimmed, empties dropped.</summary>
public static class StreamList
{
    public static List<StreamName> Parse(IReadOnlyList<string?> values, string label)
    {
        var names = new List<StreamName>();
        foreach (var value in values)
        {
            foreach (var item in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(StreamName.TryParse(item, label, allowAll: true, out var name, out var error)
                    ? name
                    : throw new InvalidRequestException(error!, label));
            }
        }

        return names;
    }

    /// <summary>The normalized OR of the listed streams, or null when the list is empty.</summary>
    public static Selector? ParseSelector(IReadOnlyList<string?> values, string label)
    {
        var names = Parse(values, label);
        if (names.Count == 0)
        {
            return null;
        }

        var leaves = new Selector[names.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = Selector.Stream(names[i]);
        }

        return Selector.Or(leaves).Normalize();
    }
}
