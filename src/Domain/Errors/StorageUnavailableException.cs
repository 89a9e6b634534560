namespace CleanEventStore.Domain.Errors;

/// <summary>The store cannot accept writes (a previous I/O error faulted the writer, or it is shutting down).</summary>
public sealed class StorageUnavailableException : EventStoreException
{
    public StorageUnavailableException(string message)
        : base("storage-unavailable", message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base("storage-unavailable", message, innerException)
    {
    }
}
