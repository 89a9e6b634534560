namespace CleanEventStore.Domain.Selectors;

/// <summary>An intersection: events in every child. <c>_all</c> children are ignored.</summary>
public sealed class AndSelector(IReadOnlyList<Selector> children) : CompositeSelector(children)
{
    private protected override int ArrayParity => 1;

    private protected override bool AllAbsorbs => false;

    private protected override CompositeSelector With(IReadOnlyList<Selector> children) => new AndSelector(children);

    private protected override Selector WhenEmpty() => All;
}
