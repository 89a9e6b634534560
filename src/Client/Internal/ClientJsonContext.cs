using System.Text.Json.Serialization;

namespace CleanEventStore.Client;

/// <summary>
/// Source-generated JSON for the server's JSON answers (camelCase). Consumer states and matchers may nest as deep as
/// the server allows (64 levels, four levels down in a list), hence <c>MaxDepth</c>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, MaxDepth = 160)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(StorageStatistics))]
[JsonSerializable(typeof(ConsumerInfo))]
[JsonSerializable(typeof(ConsumerListResponse))]
[JsonSerializable(typeof(StreamListResponse))]
[JsonSerializable(typeof(StreamVersionResponse))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
