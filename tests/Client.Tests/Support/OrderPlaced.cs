namespace CleanEventStore.Client.Tests.Support;

/// <summary>Event types of the tests, serialised with <see cref="TestJsonContext"/> (source-generated, as an application would).</summary>
public sealed record OrderPlaced(string Type, string OrderId, int Amount, IReadOnlyList<string>? Tags = null)
{
    public static OrderPlaced Of(string orderId, int amount, params string[] tags) => new("OrderPlaced", orderId, amount, tags.Length == 0 ? null : tags);

    public EventData ToEvent() => EventData.From(this, TestJsonContext.Default.OrderPlaced);
}
