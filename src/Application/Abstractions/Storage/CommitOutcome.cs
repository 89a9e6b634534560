using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>
/// The result of a commit. For <see cref="CommitStatus.Committed"/> and <see cref="CommitStatus.Duplicate"/>:
/// <see cref="CommitId"/> (log length before the commit), <see cref="CommittedAt"/> (Unix ms) and
/// <see cref="StreamVersion"/> (stream version before the commit). For <see cref="CommitStatus.WrongExpectedVersion"/>:
/// <see cref="ActualVersion"/>. For <see cref="CommitStatus.ConditionFailed"/>: <see cref="ConflictingPosition"/>. For
/// <see cref="CommitStatus.ConditionAfterHead"/>: <see cref="Head"/>. For <see cref="CommitStatus.ReadOnlyStream"/>: the
/// stream's <see cref="Kind"/>. For the refusals with a message: <see cref="Error"/>.
/// </summary>
public readonly record struct CommitOutcome(
    CommitStatus Status,
    long CommitId = 0,
    long CommittedAt = 0,
    long StreamVersion = 0,
    long ActualVersion = 0,
    long ConflictingPosition = 0,
    string? Error = null,
    long Head = 0,
    StreamKind Kind = StreamKind.Write)
{
    public bool Succeeded => Status is CommitStatus.Committed or CommitStatus.Duplicate;

    public static CommitOutcome Committed(long commitId, long committedAt, long streamVersion) =>
        new(CommitStatus.Committed, commitId, committedAt, streamVersion);

    public static CommitOutcome Duplicate(long commitId, long committedAt, long streamVersion) =>
        new(CommitStatus.Duplicate, commitId, committedAt, streamVersion);

    public static CommitOutcome WrongVersion(long actualVersion) =>
        new(CommitStatus.WrongExpectedVersion, ActualVersion: actualVersion);

    public static CommitOutcome ConditionConflict(long position) =>
        new(CommitStatus.ConditionFailed, ConflictingPosition: position);

    public static CommitOutcome Closed { get; } = new(CommitStatus.StreamClosed);

    public static CommitOutcome KeyReused { get; } = new(CommitStatus.IdempotencyKeyReused);

    public static CommitOutcome InvalidDerived(string error) => new(CommitStatus.InvalidDerivedStream, Error: error);

    public static CommitOutcome Oversized(string error) => new(CommitStatus.TooLarge, Error: error);

    public static CommitOutcome InvalidStream(string error) => new(CommitStatus.InvalidStreamName, Error: error);

    public static CommitOutcome ReadOnly(StreamKind kind) => new(CommitStatus.ReadOnlyStream, Kind: kind);

    public static CommitOutcome ConditionPastHead(long head) => new(CommitStatus.ConditionAfterHead, Head: head);
}
