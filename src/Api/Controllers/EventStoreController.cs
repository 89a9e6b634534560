using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary>
/// Base of the API's controllers. Their actions take no parameters and read route values and the request's
/// cancellation through these members: with no parameter to bind, MVC skips model binding and validation for the
/// request (a binding context, value providers, model state and a validation visitor each time), which measured
/// about a sixth of the server's CPU per single-event commit on the benchmark machine (bench/README.md). A new
/// action may still take parameters; it then pays for binding.
/// </summary>
public abstract class EventStoreController : ControllerBase
{
    /// <summary>Cancelled when the client goes away (what a <see cref="CancellationToken"/> parameter would bind to).</summary>
    protected CancellationToken RequestAborted => HttpContext.RequestAborted;

    /// <summary>
    /// The route value <paramref name="name"/> as routing matched it (what a string parameter would bind to), or ""
    /// when the route has none (an empty catch-all).
    /// </summary>
    protected string RouteValue(string name) => HttpContext.GetRouteValue(name)?.ToString() ?? string.Empty;
}
