using System.Net;

namespace CleanEventStore.Client;

/// <summary>
/// 409 <c>condition-failed</c>: an event that the commit's DCB condition selects was committed after the condition's
/// <c>noneMatchAfter</c>, so the decision was taken on stale facts. Nothing was written; query again, decide again.
/// </summary>
public sealed class ConditionFailedException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreConflictException(message, statusCode, problem, retryAfter)
{
    /// <summary>The position the condition was obtained at.</summary>
    public long? NoneMatchAfter => Problem?.GetInt64("noneMatchAfter");

    /// <summary>The global position of the first conflicting event.</summary>
    public long? ConflictingPosition => Problem?.GetInt64("conflictingPosition");
}
