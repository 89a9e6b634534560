using System.Net;

namespace CleanEventStore.Client;

/// <summary>
/// The server refused a request (any status that is not a success). The subclasses name the common cases:
/// <see cref="EventStoreBadRequestException"/> (400, 413, 415, 422), <see cref="EventStoreAuthenticationException"/>
/// (401), <see cref="EventStoreForbiddenException"/> (403), <see cref="EventStoreNotFoundException"/> (404),
/// <see cref="EventStoreTimeoutException"/> (408), <see cref="EventStoreConflictException"/> (409, with
/// <see cref="WrongExpectedVersionException"/> and <see cref="ConditionFailedException"/>),
/// <see cref="EventStoreRateLimitedException"/> (429) and <see cref="EventStoreUnavailableException"/> (503).
/// A refused request wrote nothing.
/// </summary>
public class EventStoreException : Exception
{
    /// <summary>An exception for a response of <paramref name="statusCode"/> with the server's <paramref name="problem"/> (null when the body was not problem details).</summary>
    public EventStoreException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's problem details, or null when the body was not problem details (a proxy's page, say).</summary>
    public EventStoreProblem? Problem { get; }

    /// <summary>The stable error code of the problem (<c>wrong-expected-version</c>, <c>stream-not-found</c>, …), or null.</summary>
    public string? Code => Problem?.Code;

    /// <summary>How long the server asked the client to wait before retrying (<c>Retry-After</c>), or null.</summary>
    public TimeSpan? RetryAfter { get; }
}
