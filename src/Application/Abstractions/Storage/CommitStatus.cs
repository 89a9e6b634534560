namespace CleanEventStore.Application.Abstractions.Storage;

public enum CommitStatus
{
    Committed,

    /// <summary>The idempotency key was seen with the same request: the first commit's result, nothing written.</summary>
    Duplicate,
    WrongExpectedVersion,
    ConditionFailed,
    StreamClosed,
    IdempotencyKeyReused,

    /// <summary>An event names a type or tag that is not a valid stream name (<see cref="CommitOutcome.Error"/>).</summary>
    InvalidDerivedStream,

    /// <summary>The commit does not fit in one log segment (<see cref="CommitOutcome.Error"/>).</summary>
    TooLarge,
}
