namespace CleanEventStore.Client;

/// <summary>The answer of <c>GET /health/stats</c> (needs the <c>admin</c> scope), in the shape of the original protocol.</summary>
/// <param name="NumPartitions">The number of log segments.</param>
/// <param name="Partitions">The log segments, by name.</param>
/// <param name="NumIndexes">The number of stream indexes (with <c>_all</c>).</param>
/// <param name="Indexes">The streams, by name: their size, kind and whether they are closed.</param>
/// <param name="BytesWritten">Bytes of log written.</param>
/// <param name="Engine">The storage provider.</param>
/// <param name="Durability">When a commit is acknowledged.</param>
/// <param name="Memberships">Entries of the stream indexes.</param>
public sealed record StorageStatistics(
    int NumPartitions,
    IReadOnlyDictionary<string, PartitionStatistics> Partitions,
    int NumIndexes,
    IReadOnlyDictionary<string, IndexStatistics> Indexes,
    long BytesWritten,
    string Engine,
    string Durability,
    long Memberships);
