namespace CleanEventStore.Infrastructure.Storage.Postgres.Reading;

/// <summary>
/// The page query of one read: <see cref="Sql"/> returns (key, document) rows with keys in <c>(@lo, @hi]</c>, at most
/// <c>@n</c> of them, in the read's order; the key is a revision for a stream read and a
/// global position otherwise. <see cref="MaxKey"/> caps <c>@hi</c>; <see cref="Head"/>, the head read when the read started, is <c>@head</c>.
/// </summary>
internal sealed record ReadPlan(string Sql, long MaxKey, long Head);
