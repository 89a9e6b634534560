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

    /// <summary>
    /// An event's type or tag is not a valid stream name or breaks a namespace rule (it names an existing stream that
    /// is not of its kind, a reserved name, the commit's own stream): <see cref="CommitOutcome.Error"/> names the event.
    /// </summary>
    InvalidDerivedStream,

    /// <summary>The commit's stream may not be a write stream: under <c>tags/</c> or reserved (<see cref="CommitOutcome.Error"/>).</summary>
    InvalidStreamName,

    /// <summary>The commit's stream is a derived stream (<see cref="CommitOutcome.Kind"/>), which only the store writes.</summary>
    ReadOnlyStream,

    /// <summary>The DCB condition's <c>noneMatchAfter</c> lies past the head of the log (<see cref="CommitOutcome.Head"/>).</summary>
    ConditionAfterHead,

    /// <summary>The commit does not fit in one log segment (<see cref="CommitOutcome.Error"/>).</summary>
    TooLarge,
}
