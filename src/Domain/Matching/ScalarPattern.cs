namespace CleanEventStore.Domain.Matching;

/// <summary>Strict equality with a scalar (string, number, boolean or null). Never equal to an array or object.</summary>
public sealed class ScalarPattern(JsonScalar value) : Pattern
{
    public JsonScalar Value { get; } = value;
}
