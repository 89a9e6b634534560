using System.Net;

namespace CleanEventStore.Client;

/// <summary>408: a long-poll (a read past the end of a stream, a consumer wait) ended at the server's timeout with nothing to return.</summary>
public sealed class EventStoreTimeoutException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter);
