namespace CleanEventStore.Infrastructure.Storage.File.Writing;

/// <summary>A request to the writer; completed by the writer once its group is durable (or rejected).</summary>
internal abstract class WriteOperation
{
    /// <summary>Fails the operation (store faulted or shutting down).</summary>
    public abstract void Fail(Exception exception);
}
