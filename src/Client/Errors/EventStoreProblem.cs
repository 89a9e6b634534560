using System.Text.Json;

namespace CleanEventStore.Client;

/// <summary>
/// The problem details (RFC 9457) the server answered a refused request with: <see cref="Type"/>, <see cref="Title"/>,
/// <see cref="Status"/>, <see cref="Detail"/>, <see cref="Instance"/>, the stable <see cref="Code"/>, the
/// <see cref="TraceId"/> to find the request in the server's log, and the members that name what failed
/// (<c>stream</c>, <c>expectedVersion</c>, <c>parameter</c>, <c>scope</c>, …) in <see cref="Members"/>.
/// </summary>
public sealed class EventStoreProblem
{
    private EventStoreProblem(JsonElement root, string json)
    {
        Json = json;
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            members[property.Name] = property.Value.Clone();
        }

        Members = members;
        Type = GetString("type");
        Title = GetString("title");
        Detail = GetString("detail") ?? GetString("error");
        Instance = GetString("instance");
        Code = GetString("code");
        TraceId = GetString("traceId");
        Status = members.TryGetValue("status", out var status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out var value) ? value : null;
    }

    /// <summary>The problem type (a URI).</summary>
    public string? Type { get; }

    /// <summary>The short title of the status.</summary>
    public string? Title { get; }

    /// <summary>The HTTP status the body states.</summary>
    public int? Status { get; }

    /// <summary>What went wrong, in words (the protocol's <c>error</c> message).</summary>
    public string? Detail { get; }

    /// <summary>The request path.</summary>
    public string? Instance { get; }

    /// <summary>The stable, machine-readable code (<c>wrong-expected-version</c>, <c>condition-failed</c>, <c>stream-not-found</c>, …).</summary>
    public string? Code { get; }

    /// <summary>The W3C trace id of the request, to find it in the server's log.</summary>
    public string? TraceId { get; }

    /// <summary>Every member of the problem object, by name (including the standard ones).</summary>
    public IReadOnlyDictionary<string, JsonElement> Members { get; }

    /// <summary>The body as the server sent it.</summary>
    public string Json { get; }

    /// <summary>The string member <paramref name="name"/>, or null.</summary>
    public string? GetString(string name) =>
        Members.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The integer member <paramref name="name"/>, or null.</summary>
    public long? GetInt64(string name) =>
        Members.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    /// <summary>The problem in <paramref name="json"/>, or null when it is not a JSON object.</summary>
    internal static EventStoreProblem? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? new EventStoreProblem(document.RootElement, json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
