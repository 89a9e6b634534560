namespace CleanEventStore.Domain.Selectors;

/// <summary>A union: events in any of the children.</summary>
public sealed class OrSelector(IReadOnlyList<Selector> children) : CompositeSelector(children)
{
    private protected override int ArrayParity => 0;

    public override Selector Normalize()
    {
        var flat = new List<Selector>(Children.Count);
        foreach (var child in Children)
        {
            var normal = child.Normalize();
            if (normal.IsAll)
            {
                return All;
            }

            if (normal is OrSelector or)
            {
                flat.AddRange(or.Children);
            }
            else
            {
                flat.Add(normal);
            }
        }

        var unique = Deduplicate(flat);
        return unique.Count switch
        {
            0 => throw new InvalidOperationException("A union needs at least one selector."),
            1 => unique[0],
            _ => new OrSelector(unique),
        };
    }
}
