namespace CleanEventStore.Domain.Errors;

/// <summary>
/// Base of the exceptional outcomes the Api turns into problem details. <see cref="Code"/> is stable and
/// machine-readable; the message is the wire protocol's text (clients of the original read it from <c>error</c>).
/// </summary>
public abstract class EventStoreException : Exception
{
    protected EventStoreException(string code, string message)
        : base(message) => Code = code;

    protected EventStoreException(string code, string message, Exception innerException)
        : base(message, innerException) => Code = code;

    public string Code { get; }
}
