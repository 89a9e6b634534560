namespace CleanEventStore.Client.Tests.Support;

/// <summary>A consumer state of the tests.</summary>
public sealed record CountState(int Count, string? Last);
