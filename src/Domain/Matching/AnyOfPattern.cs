namespace CleanEventStore.Domain.Matching;

/// <summary>An array in a matcher: the value must strictly equal one of the scalars (objects and arrays never do).</summary>
public sealed class AnyOfPattern(IReadOnlyList<JsonScalar> values) : Pattern
{
    public IReadOnlyList<JsonScalar> Values { get; } = values;
}
