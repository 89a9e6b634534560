using System.Text.Json.Serialization;

namespace CleanEventStore.Api.Contracts;

/// <summary>Source-generated JSON for every DTO the Api writes (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StreamVersionResponse))]
[JsonSerializable(typeof(StreamListResponse))]
[JsonSerializable(typeof(StreamClosedResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(StorageStatsResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
