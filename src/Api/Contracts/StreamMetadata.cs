using System.Text.Json;

namespace CleanEventStore.Api.Contracts;

/// <summary><c>kind</c>: write, type, tag or derived; <c>matcher</c>: the matcher of a derived stream.</summary>
public sealed record StreamMetadata(string Kind, JsonElement? Matcher);
