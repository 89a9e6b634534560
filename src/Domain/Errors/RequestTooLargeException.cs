namespace CleanEventStore.Domain.Errors;

public sealed class RequestTooLargeException(string message)
    : EventStoreException("request-too-large", message);
