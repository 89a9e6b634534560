using System.Text.Json.Serialization;

namespace CleanEventStore.Api.Contracts;

/// <summary>
/// Source-generated JSON for the consumer DTOs, with the options of <see cref="ApiJsonContext"/> (camelCase, nulls
/// omitted). A separate context because the System.Text.Json generator cannot take <c>[JsonSerializable]</c>
/// attributes from a second partial declaration of <see cref="ApiJsonContext"/> (dotnet/runtime#99669).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConsumerResponse))]
[JsonSerializable(typeof(ConsumerListResponse))]
public sealed partial class ConsumersJsonContext : JsonSerializerContext;
