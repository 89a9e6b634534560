namespace CleanEventStore.Api.Contracts;

public sealed record PartitionStats(long Id, long Size, int HeaderSize);
