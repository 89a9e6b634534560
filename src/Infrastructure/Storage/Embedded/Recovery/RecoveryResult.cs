namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>What opening the store did: where the indexes started, how much log it replayed and what it cut.</summary>
internal sealed record RecoveryResult(long CheckpointHead, long ReplayedEvents, long TornBytes, string? TornFile, string? TornReason);
