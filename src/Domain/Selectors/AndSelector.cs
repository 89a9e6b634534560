namespace CleanEventStore.Domain.Selectors;

/// <summary>An intersection: events in every child. <c>_all</c> children are ignored.</summary>
public sealed class AndSelector(IReadOnlyList<Selector> children) : CompositeSelector(children)
{
    private protected override int ArrayParity => 1;

    public override Selector Normalize()
    {
        var flat = new List<Selector>(Children.Count);
        foreach (var child in Children)
        {
            var normal = child.Normalize();
            if (normal.IsAll)
            {
                continue;
            }

            if (normal is AndSelector and)
            {
                flat.AddRange(and.Children);
            }
            else
            {
                flat.Add(normal);
            }
        }

        var unique = Deduplicate(flat);
        return unique.Count switch
        {
            0 => All,
            1 => unique[0],
            _ => new AndSelector(unique),
        };
    }
}
