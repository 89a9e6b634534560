using System.Globalization;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Responses;
using CleanEventStore.Application.Consumers.Common;
using CleanEventStore.Application.Consumers.DeleteConsumer;
using CleanEventStore.Application.Consumers.GetConsumer;
using CleanEventStore.Application.Consumers.ListConsumers;
using CleanEventStore.Application.Consumers.WaitForConsumer;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary>
/// <c>/consumers</c>: durable server-side consumers. The identifier is the first path segment (percent-decoded, so
/// <c>reader%2F1</c> is the invalid identifier <c>reader/1</c>); the stream of a PUT is the rest of the path, which
/// may contain <c>/</c>, after a trailing <c>from/&lt;n&gt;</c> pair is peeled off.
/// </summary>
[ApiController]
[Route("consumers")]
public sealed class ConsumersController(ISender sender, RequestBody body) : EventStoreController
{
    [HttpGet("")]
    public async Task<IActionResult> List() => ConsumerResponses.List(await sender.Send(new ListConsumersQuery(), RequestAborted));

    [HttpGet("{identifier}")]
    public async Task<IActionResult> Get()
    {
        var id = PathSegment("identifier");
        var cancellationToken = RequestAborted;

        return ConsumerResponses.One((await sender.Send(new GetConsumerQuery(RequestValues.Consumer(id)), cancellationToken)).Consumer);
    }

    [HttpGet("{identifier}/after/{minVersion}")]
    [HttpGet("{identifier}/until/{minVersion}")]
    public async Task<IActionResult> WaitFor()
    {
        var id = PathSegment("identifier");
        var minVersion = RouteValue("minVersion");
        var cancellationToken = RequestAborted;

        if (!TryParsePositive(minVersion, out var version))
        {
            return Problem400(ConsumerMessages.MinVersionNotPositive);
        }

        return ConsumerResponses.One((await sender.Send(new WaitForConsumerQuery(RequestValues.Consumer(id), version), cancellationToken)).Consumer);
    }

    [HttpPut("{identifier}/stream/{**path}")]
    public async Task<IActionResult> Put()
    {
        var id = PathSegment("identifier");
        var segments = PathSegments("path");
        var cancellationToken = RequestAborted;

        long from = 0;
        if (segments.Count >= 3 && segments[^2] == "from")
        {
            if (!TryParsePositive(segments[^1], out from))
            {
                return Problem400(ConsumerMessages.FromNotPositive);
            }

            segments.RemoveRange(segments.Count - 2, 2);
        }

        var bytes = await body.ReadJsonAsync(Request, cancellationToken);
        return ConsumerResponses.Started(await sender.Send(StartConsumerRequestReader.Read(id, string.Join('/', segments), from, bytes), cancellationToken));
    }

    [HttpDelete("{identifier}")]
    public async Task<IActionResult> Delete()
    {
        var id = PathSegment("identifier");
        var cancellationToken = RequestAborted;

        await sender.Send(new DeleteConsumerCommand(RequestValues.Consumer(id)), cancellationToken);
        return NoContent();
    }

    /// <summary>
    /// Any other method or path under <c>/consumers</c>: 405 with <c>Allow</c> when the path is a consumer route, else
    /// the usual 404 (the fallback endpoint would otherwise answer 404 for a known path with a wrong method).
    /// </summary>
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")]
    [Route("{**path}")]
    public IActionResult Other()
    {
        var segments = PathSegments("path");
        var allowed = segments.Count switch
        {
            0 => "GET",
            1 => "GET, DELETE",
            3 when segments[1] is "after" or "until" => "GET",
            >= 3 when segments[1] == "stream" => "PUT",
            _ => null,
        };
        if (allowed is null)
        {
            return ProblemWriter.Result(StatusCodes.Status404NotFound, "Unknown route.", "unknown-route");
        }

        Response.Headers.Allow = allowed;
        return ProblemWriter.Result(
            StatusCodes.Status405MethodNotAllowed,
            $"Method {Request.Method} is not allowed on {Request.PathBase}{Request.Path}; use {allowed}.",
            "method-not-allowed");
    }

    private static bool TryParsePositive(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;

    private static IActionResult Problem400(string message) => ProblemWriter.Result(StatusCodes.Status400BadRequest, message, "bad-request");
}
