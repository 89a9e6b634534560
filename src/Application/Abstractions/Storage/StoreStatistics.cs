namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>What the health endpoints report about the storage engine.</summary>
public sealed record StoreStatistics(
    bool Open,
    bool Writable,
    long Length,
    int Streams,
    string Engine,
    string Durability,
    long BytesWritten,
    IReadOnlyList<SegmentStatistics> Segments,
    IndexStatistics Index,
    string? FaultReason);
