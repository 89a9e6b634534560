namespace CleanEventStore.Domain.Errors;

/// <summary>A limit of the server was reached (429); <see cref="RetryAfterSeconds"/> says when to try again.</summary>
public sealed class TooManyRequestsException(string message, int retryAfterSeconds)
    : EventStoreException("too-many-requests", message)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
