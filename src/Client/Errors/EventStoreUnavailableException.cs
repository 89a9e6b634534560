using System.Net;

namespace CleanEventStore.Client;

/// <summary>503: the store cannot serve the request now (shutting down, storage unavailable); <see cref="EventStoreException.RetryAfter"/> says when to retry.</summary>
public sealed class EventStoreUnavailableException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter);
