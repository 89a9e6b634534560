using System.Text.Json.Serialization;

namespace CleanEventStore.Api.Contracts;

/// <summary>
/// Source-generated JSON for every DTO the Api writes (camelCase, nulls omitted). A matcher stream's matcher may nest
/// as deep as the matcher parser allows (64 levels), and <c>GET /streams</c> writes it four levels down
/// (<c>{"streams":[{"metadata":{"matcher":…}}]}</c>), past the serializer's default limit of 64, hence <c>MaxDepth</c>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 128)]
[JsonSerializable(typeof(StreamVersionResponse))]
[JsonSerializable(typeof(StreamListResponse))]
[JsonSerializable(typeof(StreamClosedResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(StorageStatsResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
