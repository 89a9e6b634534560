namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>A commit remembered by its <c>Idempotency-Key</c>: enough to answer a retry with the first result.</summary>
internal sealed record IdempotencyEntry(string Key, UInt128 RequestHash, string Stream, long CommitId, long CommittedAt, long StreamVersion);
