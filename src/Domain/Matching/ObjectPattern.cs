namespace CleanEventStore.Domain.Matching;

/// <summary>A nested matcher: the value must exist and every listed property of it must match.</summary>
public sealed class ObjectPattern(IReadOnlyList<PropertyPattern> properties) : Pattern
{
    public static ObjectPattern Empty { get; } = new([]);

    public IReadOnlyList<PropertyPattern> Properties { get; } = properties;
}
