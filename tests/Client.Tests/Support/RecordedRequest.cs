namespace CleanEventStore.Client.Tests.Support;

/// <summary>What a <see cref="ScriptedHandler"/> saw of one request.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string PathAndQuery => Uri.PathAndQuery;
}
