using System.Net;

namespace CleanEventStore.Client;

/// <summary>404: the stream, category or consumer does not exist (<see cref="EventStoreException.Code"/> says which: <c>stream-not-found</c>, <c>category-not-found</c>, <c>consumer-not-found</c>).</summary>
public sealed class EventStoreNotFoundException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter);
