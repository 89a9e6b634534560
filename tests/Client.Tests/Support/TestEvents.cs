using System.Text.Json.Serialization;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>Event types of the tests, serialised with <see cref="TestJsonContext"/> (source-generated, as an application would).</summary>
public sealed record OrderPlaced(string Type, string OrderId, int Amount, IReadOnlyList<string>? Tags = null)
{
    public static OrderPlaced Of(string orderId, int amount, params string[] tags) => new("OrderPlaced", orderId, amount, tags.Length == 0 ? null : tags);

    public EventData ToEvent() => EventData.From(this, TestJsonContext.Default.OrderPlaced);
}

/// <summary>Commit metadata of the tests.</summary>
public sealed record RequestMetadata(string RequestId);

/// <summary>A consumer state of the tests.</summary>
public sealed record CountState(int Count, string? Last);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(RequestMetadata))]
[JsonSerializable(typeof(CountState))]
public sealed partial class TestJsonContext : JsonSerializerContext;
