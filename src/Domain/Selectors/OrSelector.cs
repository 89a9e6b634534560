namespace CleanEventStore.Domain.Selectors;

/// <summary>A union: events in any of the children.</summary>
public sealed class OrSelector(IReadOnlyList<Selector> children) : CompositeSelector(children)
{
    private protected override int ArrayParity => 0;

    private protected override bool AllAbsorbs => true;

    private protected override CompositeSelector With(IReadOnlyList<Selector> children) => new OrSelector(children);

    private protected override Selector WhenEmpty() =>
        throw new InvalidOperationException("A union needs at least one selector.");
}
