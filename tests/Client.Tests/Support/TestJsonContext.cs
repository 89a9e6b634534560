using System.Text.Json.Serialization;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>The tests' source-generated JSON, as an application would have its own.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(RequestMetadata))]
[JsonSerializable(typeof(CountState))]
public sealed partial class TestJsonContext : JsonSerializerContext;
