using System.Text.Json;

namespace CleanEventStore.Client;

/// <summary>The <c>metadata</c> of a <see cref="StreamInfo"/>.</summary>
/// <param name="Kind"><c>write</c>, <c>type</c>, <c>tag</c> or <c>derived</c>.</param>
/// <param name="Matcher">The matcher of a derived stream, or null.</param>
public sealed record StreamDetails(string Kind, JsonElement? Matcher);
