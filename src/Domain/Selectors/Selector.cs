using System.Text;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.Selectors;

/// <summary>
/// The selector algebra of joins, queries and commit conditions: a stream, a union (OR) or an intersection
/// (AND) of selectors. On the wire it is a stream name or nested arrays that alternate OR (depth 0) and AND
/// (depth 1). Missing streams are empty sets; <c>_all</c> is every event.
/// </summary>
public abstract class Selector
{
    private string? _json;

    private protected Selector()
    {
    }

    /// <summary>Every event of the log.</summary>
    public static Selector All { get; } = new StreamSelector(StreamName.All);

    public bool IsAll => this is StreamSelector { Name.IsAll: true };

    public static Selector Stream(StreamName name) => new StreamSelector(name);

    public static Selector Or(IEnumerable<Selector> children) => new OrSelector([.. children]);

    public static Selector And(IEnumerable<Selector> children) => new AndSelector([.. children]);

    /// <summary>
    /// The normal form: nested unions and intersections flattened, duplicates removed, single children collapsed,
    /// a union containing <c>_all</c> becomes <c>_all</c> and an intersection ignores <c>_all</c>.
    /// </summary>
    public abstract Selector Normalize();

    /// <summary>Every stream name the selector mentions, once each, in order of appearance.</summary>
    public IReadOnlyList<StreamName> Streams()
    {
        var names = new List<StreamName>();
        CollectStreams(names);
        return names;
    }

    internal abstract void CollectStreams(List<StreamName> names);

    /// <summary>Compact JSON, always an array at the top (<c>["A"]</c>, <c>["A","B"]</c>, <c>[["t","A"]]</c>).</summary>
    public string ToJson()
    {
        if (_json is null)
        {
            var builder = new StringBuilder();
            WriteElement(builder, depth: -1);
            _json = builder.ToString();
        }

        return _json;
    }

    public override string ToString() => ToJson();

    /// <summary>
    /// Writes this selector as an element of an array at <paramref name="depth"/> (-1 = the top, outside any array),
    /// so an array written here sits at <c>depth + 1</c>.
    /// </summary>
    internal abstract void WriteElement(StringBuilder builder, int depth);

    private protected static void WriteArray(StringBuilder builder, IReadOnlyList<Selector> children, int arrayDepth)
    {
        builder.Append('[');
        for (var i = 0; i < children.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            children[i].WriteElement(builder, arrayDepth);
        }

        builder.Append(']');
    }

    private protected static List<Selector> Deduplicate(List<Selector> children)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<Selector>(children.Count);
        foreach (var child in children)
        {
            if (seen.Add(child.ToJson()))
            {
                unique.Add(child);
            }
        }

        return unique;
    }
}
