namespace CleanEventStore.Client;

/// <summary>One log segment of <see cref="StorageStatistics"/>.</summary>
/// <param name="Id">The segment's number.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="HeaderSize">The size of its header.</param>
public sealed record PartitionStatistics(long Id, long Size, int HeaderSize);
