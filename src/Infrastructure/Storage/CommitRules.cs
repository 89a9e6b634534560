using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage;

/// <summary>
/// The decisions every storage provider takes on a commit, as pure functions of plain values, so that each provider
/// reads its state its own way (the embedded engine from memory plus the earlier commits of its group, PostgreSQL
/// from rows under its write lock) and decides the same. A provider applies them in this order and stops at the first
/// refusal:
/// <list type="number">
/// <item><see cref="Retry"/>: a key seen before answers with the first result (or <see cref="CommitOutcome.KeyReused"/>),
/// whatever happened since;</item>
/// <item><see cref="TargetStream"/>: the commit's stream must be a write stream, and open;</item>
/// <item><see cref="DerivedName"/>, for each type and tag of each event (<see cref="StreamNamespace"/>);</item>
/// <item>with a DCB condition <see cref="ConditionPastHead"/> then <see cref="Conflict"/>, otherwise
/// <see cref="Version"/>.</item>
/// </list>
/// The embedded engine's <c>CommitChecks</c> is the reference use.
/// </summary>
internal static class CommitRules
{
    /// <summary>
    /// A retry of a remembered key: the first result when it is the same request (<paramref name="firstRequestHash"/>)
    /// to the same stream, else <see cref="CommitOutcome.KeyReused"/>.
    /// </summary>
    public static CommitOutcome Retry(
        IdempotencyToken token, string stream, UInt128 firstRequestHash, string firstStream, long commitId, long committedAt, long streamVersion)
    {
        ArgumentNullException.ThrowIfNull(token);
        return firstRequestHash == token.RequestHash && firstStream == stream
            ? CommitOutcome.Duplicate(commitId, committedAt, streamVersion)
            : CommitOutcome.KeyReused;
    }

    /// <summary>Null when a stream of <paramref name="kind"/> (null: it does not exist yet) may take the commit.</summary>
    public static CommitOutcome? TargetStream(StreamKind? kind, bool closed)
    {
        if (kind is { } existing && existing != StreamKind.Write)
        {
            return CommitOutcome.ReadOnly(existing);
        }

        return closed ? CommitOutcome.Closed : null;
    }

    /// <summary>
    /// The refusal message when event <paramref name="eventIndex"/>'s type or tag stream <paramref name="name"/> may not
    /// be filed: it names an existing stream of another kind (<paramref name="existingKind"/>) or, for a type, the
    /// commit's own stream; null when it may.
    /// </summary>
    public static string? DerivedName(int eventIndex, string name, StreamKind? existingKind, string targetStream) =>
        StreamNamespace.IsTagStream(name)
            ? StreamNamespace.RefuseTag(eventIndex, name, existingKind)
            : StreamNamespace.RefuseEventType(eventIndex, name, existingKind, string.Equals(name, targetStream, StringComparison.Ordinal));

    /// <summary>A condition may only look after positions that exist: refused when <c>noneMatchAfter</c> is past the head.</summary>
    public static CommitOutcome? ConditionPastHead(long noneMatchAfter, long head) =>
        noneMatchAfter > head ? CommitOutcome.ConditionPastHead(head) : null;

    /// <summary>The outcome for the first event the condition matches after <c>noneMatchAfter</c> (0: none, the commit may pass).</summary>
    public static CommitOutcome? Conflict(long firstMatchingPosition) =>
        firstMatchingPosition > 0 ? CommitOutcome.ConditionConflict(firstMatchingPosition) : null;

    /// <summary>Without a condition: the expected version against the stream's version (0 when it does not exist).</summary>
    public static CommitOutcome? Version(ExpectedVersion expected, long version) =>
        expected.IsSatisfiedBy(version) ? null : CommitOutcome.WrongVersion(version);
}
