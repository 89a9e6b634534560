using System.Net;

namespace CleanEventStore.Client;

/// <summary>The server refused the request as malformed or invalid (400, 413 too large, 415, 422 an <c>Idempotency-Key</c> reused for another request). <see cref="EventStoreException.Problem"/> names the problem (its <c>parameter</c>, <c>errors</c>).</summary>
public sealed class EventStoreBadRequestException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter);
