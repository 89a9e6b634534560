using System.Text.Json.Serialization;

namespace CleanEventStore.Client.Tests.Readme;

/// <summary>The README's source-generated JSON context.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OrderPlaced))]
public sealed partial class OrdersJson : JsonSerializerContext;
