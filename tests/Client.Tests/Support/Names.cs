namespace CleanEventStore.Client.Tests.Support;

/// <summary>Names no other test uses, so tests on a shared server do not see each other's events.</summary>
public static class Names
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
