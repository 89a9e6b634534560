namespace CleanEventStore.Client;

/// <summary>
/// One item of a <see cref="DcbQuery"/>: events of any of <see cref="Types"/> that carry every one of <see cref="Tags"/>
/// (an item with neither selects every event).
/// </summary>
/// <param name="Types">Event types, ORed (empty: any type).</param>
/// <param name="Tags">Tags, ANDed (empty: no tag required).</param>
public sealed record DcbQueryItem(IReadOnlyList<string> Types, IReadOnlyList<string> Tags)
{
    /// <summary>Events of any of <paramref name="types"/>.</summary>
    public static DcbQueryItem OfTypes(params IReadOnlyList<string> types) => new(types, []);

    /// <summary>Events carrying every one of <paramref name="tags"/>.</summary>
    public static DcbQueryItem WithTags(params IReadOnlyList<string> tags) => new([], tags);
}
