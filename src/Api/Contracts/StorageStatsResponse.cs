namespace CleanEventStore.Api.Contracts;

/// <summary>The shape of the original's <c>/health/stats</c>: partitions are our log segments, indexes our streams.</summary>
public sealed record StorageStatsResponse(
    int NumPartitions,
    IReadOnlyDictionary<string, PartitionStats> Partitions,
    int NumIndexes,
    IReadOnlyDictionary<string, IndexStats> Indexes,
    long BytesWritten,
    string Engine,
    string Durability,
    long Memberships);
