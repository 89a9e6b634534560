namespace CleanEventStore.Domain.Matching;

/// <summary>An operator object (<c>{"$gte":100,"$lt":200}</c>): every test must pass.</summary>
public sealed class OperatorPattern(IReadOnlyList<OperatorTest> tests) : Pattern
{
    public IReadOnlyList<OperatorTest> Tests { get; } = tests;
}
