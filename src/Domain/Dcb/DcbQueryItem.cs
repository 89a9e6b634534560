namespace CleanEventStore.Domain.Dcb;

/// <summary>One item of a DCB query: events of any of the types AND carrying every tag. Empty = everything.</summary>
public sealed record DcbQueryItem(IReadOnlyList<string> Types, IReadOnlyList<string> Tags);
