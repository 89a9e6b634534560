namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// Headers that the suite adds to every generated request, one send per set: the "credentials" dimension. Today the
/// API has no authentication, so there is one set, <see cref="None"/>. When it has, the suite sends each request once
/// per set (no credentials, an unknown key, a key without the scope the route needs, a key with it) and the oracle
/// holds for every one of them: a refusal (401, 403) is a 4xx problem that writes nothing like any other.
/// </summary>
public sealed record HeaderSet(string Name, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static HeaderSet None { get; } = new("no credentials", []);
}
