using System.Net;

namespace CleanEventStore.Client;

/// <summary>429: over the caller's rate limit or the cap of open waits; <see cref="EventStoreException.RetryAfter"/> says when to retry.</summary>
public sealed class EventStoreRateLimitedException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter);
