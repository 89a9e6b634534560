namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>Sizes of the in-memory indexes and the last persisted checkpoint.</summary>
public sealed record IndexStatistics(long Events, long Memberships, long CheckpointPosition, int StreamCount);
