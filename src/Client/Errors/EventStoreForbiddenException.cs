using System.Net;

namespace CleanEventStore.Client;

/// <summary>403: the caller's credential lacks a scope the request needs (<see cref="Scope"/>).</summary>
public sealed class EventStoreForbiddenException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter)
{
    /// <summary>The missing scope the server named (<c>write:invoices-1</c>), or null.</summary>
    public string? Scope => Problem?.GetString("scope");
}
