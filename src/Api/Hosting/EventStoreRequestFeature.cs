namespace CleanEventStore.Api.Hosting;

/// <summary>Marks a request that entered the store's branch of a host application (the store is mounted under a prefix).</summary>
public sealed class EventStoreRequestFeature
{
    public static readonly EventStoreRequestFeature Instance = new();

    private EventStoreRequestFeature()
    {
    }
}
