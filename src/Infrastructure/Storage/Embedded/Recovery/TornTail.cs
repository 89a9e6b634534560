namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>What recovery cut from the end of the log: how many bytes, the first side file that keeps them, and why.</summary>
internal readonly record struct TornTail(long Bytes, string? File, string? Reason)
{
    public static TornTail None => default;
}
