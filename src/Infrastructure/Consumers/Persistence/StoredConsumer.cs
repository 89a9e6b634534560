namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>A consumer found on disk: its definition and its newest valid checkpoint of the same generation, if any.</summary>
internal sealed record StoredConsumer(PersistedDefinition Definition, ConsumerCheckpoint? Checkpoint);
