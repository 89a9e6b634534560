using System.Net;

namespace CleanEventStore.Client;

/// <summary>401: no credential, or one the server does not accept (an unknown API key, a bad or expired token).</summary>
public sealed class EventStoreAuthenticationException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter);
