namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>One log segment file.</summary>
public sealed record SegmentStatistics(string Name, long Id, long Size, int HeaderSize);
