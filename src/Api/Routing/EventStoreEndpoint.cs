using CleanEventStore.Api.Controllers;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace CleanEventStore.Api.Routing;

/// <summary>
/// Endpoint metadata that says where a controller endpoint belongs. MVC builds every endpoint data source from all the
/// application's controllers, so a host that calls its own <c>MapControllers()</c> would also get the store's actions
/// (at the root, outside the store's security), and the store's data source under its prefix the host's actions.
/// <c>MapCleanEventStore</c> marks the endpoints of its own data source: the store's actions <see cref="Mounted"/>, the
/// host's <see cref="Foreign"/> (under a prefix); <see cref="EventStoreEndpointPolicy"/> removes every store action that
/// is not <see cref="Mounted"/> and every <see cref="Foreign"/> one from routing.
/// </summary>
public sealed class EventStoreEndpoint
{
    /// <summary>A store action in the data source that <c>MapCleanEventStore</c> mapped.</summary>
    public static readonly EventStoreEndpoint Mounted = new();

    /// <summary>Another controller's action in the data source of the store's prefix.</summary>
    public static readonly EventStoreEndpoint Foreign = new();

    private EventStoreEndpoint()
    {
    }

    /// <summary>Whether <paramref name="controller"/> is one of the store's controllers.</summary>
    public static bool IsStoreController(Type controller) => typeof(EventStoreController).IsAssignableFrom(controller);

    /// <summary>The convention <c>MapCleanEventStore</c> adds to its controllers' endpoints (<paramref name="underPrefix"/>: also mark the others).</summary>
    public static Action<EndpointBuilder> Convention(bool underPrefix) => builder =>
    {
        var action = builder.Metadata.OfType<ControllerActionDescriptor>().FirstOrDefault();
        if (action is null)
        {
            return;
        }

        if (IsStoreController(action.ControllerTypeInfo))
        {
            builder.Metadata.Add(Mounted);
        }
        else if (underPrefix)
        {
            builder.Metadata.Add(Foreign);
        }
    };

    /// <summary>A store action outside the store's own data source, or another action inside it.</summary>
    public static bool IsMisplaced(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<ControllerActionDescriptor>() is not { } action)
        {
            return false;
        }

        var marker = metadata.GetMetadata<EventStoreEndpoint>();
        return ReferenceEquals(marker, Foreign) || (marker is null && IsStoreController(action.ControllerTypeInfo));
    }
}
