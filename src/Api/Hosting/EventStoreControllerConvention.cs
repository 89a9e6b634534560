using CleanEventStore.Api.OpenApi;
using CleanEventStore.Api.Routing;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace CleanEventStore.Api.Hosting;

/// <summary>
/// What the store's controllers need from MVC, applied to them only, so that a host application's own controllers keep
/// MVC's defaults:
/// <list type="bullet">
/// <item>no automatic model-state filter: the actions bind no models (bodies are read and validated by the use cases),
/// so the filter would only cost time on every request;</item>
/// <item>their API descriptions in the store's OpenAPI document (<see cref="EventStoreOpenApi.DocumentName"/>), and in no
/// other document of the host.</item>
/// </list>
/// </summary>
internal sealed class EventStoreControllerConvention : IControllerModelConvention
{
    /// <summary><c>ApiBehaviorApplicationModelProvider</c> adds it to every action of an <c>[ApiController]</c>; the type is internal.</summary>
    private const string ModelStateFilterFactory = "Microsoft.AspNetCore.Mvc.Infrastructure.ModelStateInvalidFilterFactory";

    public void Apply(ControllerModel controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        if (!EventStoreEndpoint.IsStoreController(controller.ControllerType))
        {
            return;
        }

        controller.ApiExplorer.GroupName = EventStoreOpenApi.DocumentName;
        controller.ApiExplorer.IsVisible = true;
        foreach (var action in controller.Actions)
        {
            for (var i = action.Filters.Count - 1; i >= 0; i--)
            {
                if (action.Filters[i].GetType().FullName == ModelStateFilterFactory)
                {
                    action.Filters.RemoveAt(i);
                }
            }

            if (EventStoreOpenApi.IsUndocumented(action.ActionMethod))
            {
                action.ApiExplorer.IsVisible = false;
            }
        }
    }
}
