namespace CleanEventStore.Domain.Errors;

/// <summary>A wait (long-poll) that the server ended because it is shutting down, before anything was returned.</summary>
public sealed class ServerStoppingException()
    : EventStoreException("server-stopping", "The server is shutting down; retry the request (against another node, or once it is back).");
