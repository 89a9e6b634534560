namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>Result of closing or creating a stream; <see cref="Version"/> is its version afterwards.</summary>
public readonly record struct StreamChangeOutcome(StreamChangeStatus Status, long Version = 0);
