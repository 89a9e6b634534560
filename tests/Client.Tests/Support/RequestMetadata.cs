namespace CleanEventStore.Client.Tests.Support;

/// <summary>Commit metadata of the tests.</summary>
public sealed record RequestMetadata(string RequestId);
