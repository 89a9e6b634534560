namespace CleanEventStore.Domain.Matching;

/// <summary>
/// A parsed object matcher (filter) of the wire protocol, evaluated against a whole stored document
/// <c>{"stream":…,"payload":…,"metadata":…}</c>: every property must match (AND); a scalar means strict
/// equality; an array means "equals any of" (OR); a nested object matches recursively; an object whose keys all
/// start with <c>$</c> is a set of operators (ANDed). A missing value never matches. <c>{}</c> matches everything.
/// </summary>
public sealed class Matcher
{
    public Matcher(ObjectPattern root, string json)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(json);
        Root = root;
        Json = json;
    }

    /// <summary>The matcher <c>{}</c>, which accepts every document.</summary>
    public static Matcher All { get; } = new(ObjectPattern.Empty, "{}");

    public ObjectPattern Root { get; }

    /// <summary>The matcher as compact JSON, as the client gave it (echoed in query-condition headers).</summary>
    public string Json { get; }

    public bool MatchesEverything => Root.Properties.Count == 0;

    public override string ToString() => Json;
}
