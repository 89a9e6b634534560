namespace CleanEventStore.Infrastructure.Storage.Postgres.Reading;

/// <summary>
/// The page query of one read: <see cref="Sql"/> returns (key, document) rows with keys in <c>(@lo, @hi]</c>, at most
/// <c>@n</c> of them, in the read's order; the key is a revision for a stream read and a global position otherwise. A
/// row whose document is null was examined but is not selected (a candidate of an intersection that failed a probe):
/// it moves the page on and is not returned. <see cref="MaxKey"/> caps <c>@hi</c>; <see cref="Head"/>, the head read
/// when the read started, is <c>@head</c>; <see cref="Ids"/>, when set, is <c>@ids</c>. When the key is a revision
/// (<see cref="KeyIsPosition"/> false) a third column holds the event's global position.
/// </summary>
internal sealed record ReadPlan(string Sql, long MaxKey, long Head, long[]? Ids = null, bool KeyIsPosition = true);
