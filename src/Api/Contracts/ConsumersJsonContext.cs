using System.Text.Json.Serialization;
using CleanEventStore.Application.Consumers.Common;

namespace CleanEventStore.Api.Contracts;

/// <summary>
/// Source-generated JSON for the consumer DTOs, with the options of <see cref="ApiJsonContext"/> (camelCase, nulls
/// omitted). A separate context because the System.Text.Json generator cannot take <c>[JsonSerializable]</c>
/// attributes from a second partial declaration of <see cref="ApiJsonContext"/> (dotnet/runtime#99669).
/// States may nest deeper than the default limit of 64 (handlers return them), hence <c>MaxDepth</c>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = ConsumerLimits.MaxHandlerStateDepth + 1)]
[JsonSerializable(typeof(ConsumerResponse))]
[JsonSerializable(typeof(ConsumerListResponse))]
public sealed partial class ConsumersJsonContext : JsonSerializerContext;
