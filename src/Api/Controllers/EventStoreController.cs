using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Routing;
using Microsoft.AspNetCore.Http.Features;
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

    /// <summary>
    /// The segments of the catch-all route value <paramref name="name"/>, split exactly one way by <see cref="PathTail"/>;
    /// a malformed path (an empty segment, an encoded <c>%</c>, a dot segment) is a 400.
    /// </summary>
    protected List<string> PathSegments(string name) =>
        PathTail.TrySplit(RouteValue(name), RawTarget, out var segments, out var error)
            ? segments
            : throw new BadRequestException(StatusCodes.Status400BadRequest, error!);

    /// <summary>The single route segment <paramref name="name"/> (a consumer identifier), decoded by <see cref="PathTail.TryDecode"/>.</summary>
    protected string PathSegment(string name)
    {
        var value = RouteValue(name);
        if (PathTail.CheckRawTarget(RawTarget) is { } error)
        {
            throw new BadRequestException(StatusCodes.Status400BadRequest, error);
        }

        return PathTail.TryDecode(value, out var decoded)
            ? decoded
            : throw new BadRequestException(StatusCodes.Status400BadRequest, $"The path segment \"{value}\" has a malformed percent-encoding: only \"%2F\" may remain encoded.");
    }

    /// <summary>The request target as the client sent it, before the server decoded it (null when the server does not say).</summary>
    private string? RawTarget => HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
}
