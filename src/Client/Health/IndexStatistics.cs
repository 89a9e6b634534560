namespace CleanEventStore.Client;

/// <summary>One stream of <see cref="StorageStatistics"/>.</summary>
/// <param name="Size">Its number of events.</param>
/// <param name="Kind"><c>all</c>, <c>write</c>, <c>type</c>, <c>tag</c> or <c>derived</c>.</param>
/// <param name="Closed">Whether it is closed.</param>
public sealed record IndexStatistics(long Size, string Kind, bool Closed);
