using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Responses;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary>
/// <c>GET|POST /query[/from/{revision}]</c>: the DCB read. The events stream as NDJSON; the header
/// <c>x-event-store-query-condition</c> carries the condition to send back as <c>condition</c> with the commit that
/// acts on them (<see cref="QueryResponses"/>). <c>POST</c> takes the same JSON body as <c>GET</c> (a body on GET does
/// not survive every proxy).
/// </summary>
[ApiController]
[Route("query")]
public sealed class QueryController(ISender sender, QueryRequests requests) : EventStoreController
{
    [HttpGet("")]
    [HttpPost("")]
    public Task<IActionResult> Query() => Run(null, RequestAborted);

    [HttpGet("from/{revision}")]
    [HttpPost("from/{revision}")]
    public Task<IActionResult> QueryFrom() => Run(RouteValue("revision"), RequestAborted);

    private async Task<IActionResult> Run(string? revision, CancellationToken cancellationToken)
    {
        if (QueryRequests.CheckRoute(Request, revision, out var from) is { } error)
        {
            return ProblemWriter.Result(StatusCodes.Status400BadRequest, error, "bad-request");
        }

        var query = await requests.ReadAsync(Request, from, cancellationToken);
        var follow = FollowRequestReader.Read(Request, window: null);
        return QueryResponses.Events(await sender.Send(query with { Follow = follow }, cancellationToken), Request);
    }
}
