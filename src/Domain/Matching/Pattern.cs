namespace CleanEventStore.Domain.Matching;

/// <summary>What one value of a document must satisfy. Every pattern requires the value to be present.</summary>
public abstract class Pattern
{
    private protected Pattern()
    {
    }
}
