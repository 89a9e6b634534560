namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>An idempotency key and the first result of its commit (a row of <c>idempotency</c>).</summary>
internal sealed record StagedKey(string Key, UInt128 RequestHash, string Stream, long CommitId, long CommittedAt, long StreamVersion);
