namespace CleanEventStore.Domain.Errors;

/// <summary>A DCB commit condition failed: an event matching it was committed after <c>noneMatchAfter</c>.</summary>
public sealed class ConditionFailedException(long noneMatchAfter, long conflictingPosition)
    : EventStoreException(
        "condition-failed",
        "Optimistic Concurrency error. A conflicting event was committed since the condition was obtained.")
{
    public long NoneMatchAfter { get; } = noneMatchAfter;

    /// <summary>Global position of the first conflicting event.</summary>
    public long ConflictingPosition { get; } = conflictingPosition;
}
