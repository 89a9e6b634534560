namespace CleanEventStore.Client.Tests.Readme;

/// <summary>The README's event type.</summary>
public sealed record OrderPlaced(string OrderId, int Amount, string Type = "OrderPlaced");
