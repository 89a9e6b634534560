using System.Net;

namespace CleanEventStore.Client;

/// <summary>
/// 409 <c>wrong-expected-version</c>: the stream was not at the version the commit expected (another writer committed
/// first). Nothing was written; read the stream again, decide again, and commit with the new version.
/// </summary>
public sealed class WrongExpectedVersionException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreConflictException(message, statusCode, problem, retryAfter)
{
    /// <summary>The stream of the commit.</summary>
    public string? Stream => Problem?.GetString("stream");

    /// <summary>The version the commit expected.</summary>
    public long? ExpectedVersion => Problem?.GetInt64("expectedVersion");

    /// <summary>The version the stream was at.</summary>
    public long? ActualVersion => Problem?.GetInt64("actualVersion");
}
