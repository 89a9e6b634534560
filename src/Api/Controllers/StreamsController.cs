using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Responses;
using CleanEventStore.Api.Routing;
using CleanEventStore.Application.Streams.ListStreams;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary>
/// <c>/streams</c>: the path grammar of the wire protocol needs the whole tail (stream names contain <c>/</c>), so
/// each method has one catch-all action that picks the use case in the protocol's order. Each use case reads its
/// request (<see cref="StreamRequests"/>), sends the message and writes the result (<see cref="StreamResponses"/>).
/// </summary>
[ApiController]
[Route("streams")]
public sealed class StreamsController(ISender sender, StreamRequests requests) : EventStoreController
{
    [HttpGet("")]
    public async Task<IActionResult> List() =>
        await StreamResponses.List(await sender.Send(new ListStreamsQuery(), RequestAborted), RequestAborted);

    [HttpGet("{**path}")]
    public async Task<IActionResult> Get()
    {
        var segments = PathSegments("path");
        var cancellationToken = RequestAborted;

        if (segments.Count >= 1 && segments[0] == "join")
        {
            return await Join(segments.GetRange(1, segments.Count - 1), cancellationToken);
        }

        if (segments.Count >= 2 && segments[0] == "category")
        {
            return await Category(segments.GetRange(1, segments.Count - 1), cancellationToken);
        }

        if (segments.Count >= 1 && segments[^1] == "version")
        {
            return StreamResponses.Version(await sender.Send(StreamRequests.Version(Join(segments, segments.Count - 1)), cancellationToken));
        }

        if (!ReadPath.TryParseNamed(segments, out var read, out var error))
        {
            return Problem400(error!);
        }

        if (QueryValue("filter", out var filter) is { } filterError)
        {
            return Problem400(filterError);
        }

        var follow = FollowRequestReader.Read(Request, read!.Window);
        return StreamResponses.Events(await sender.Send(requests.Read(read, filter, follow), cancellationToken), Request);
    }

    [HttpPut("{**path}")]
    public async Task<IActionResult> Put()
    {
        var stream = string.Join('/', PathSegments("path"));
        var cancellationToken = RequestAborted;

        return StreamResponses.Created(await sender.Send(await requests.ReadCreateAsync(Request, stream, cancellationToken), cancellationToken));
    }

    [HttpPost("{**path}")]
    public async Task<IActionResult> Post()
    {
        var segments = PathSegments("path");
        var cancellationToken = RequestAborted;

        if (segments.Count >= 1 && segments[^1] == "commit")
        {
            var command = await requests.ReadCommitAsync(Request, Join(segments, segments.Count - 1), cancellationToken);
            return CommitResultWriter.Result(await sender.Send(command, cancellationToken), Response);
        }

        if (segments.Count >= 1 && segments[^1] == "close")
        {
            return StreamResponses.Closed(await sender.Send(requests.Close(Join(segments, segments.Count - 1)), cancellationToken));
        }

        Response.Headers.Allow = "GET, PUT";
        return ProblemWriter.Result(StatusCodes.Status405MethodNotAllowed, "POST is only supported on /streams/{stream}/commit and /streams/{stream}/close.", "method-not-allowed");
    }

    private async Task<IActionResult> Join(List<string> tail, CancellationToken cancellationToken)
    {
        if (!ReadPath.TryParsePairs(tail, out var window, out var error, out var unknownRoute))
        {
            return unknownRoute
                ? ProblemWriter.Result(StatusCodes.Status404NotFound, "Unknown route.", "unknown-route")
                : Problem400(error!);
        }

        var filterError = QueryValue("filter", out var filter);
        var selectorError = QueryValue("selector", out var selector);
        if ((filterError ?? selectorError) is { } queryError)
        {
            return Problem400(queryError);
        }

        var follow = FollowRequestReader.Read(Request, window);
        return StreamResponses.Events(await sender.Send(requests.ReadJoin(Request, window!, selector, filter, follow), cancellationToken), Request);
    }

    private async Task<IActionResult> Category(List<string> tail, CancellationToken cancellationToken)
    {
        if (!ReadPath.TryParseNamed(tail, out var read, out var error))
        {
            return Problem400(error!);
        }

        if (QueryValue("filter", out var filter) is { } filterError)
        {
            return Problem400(filterError);
        }

        var follow = FollowRequestReader.Read(Request, read!.Window);
        return StreamResponses.Events(await sender.Send(requests.ReadCategory(read, filter, follow), cancellationToken), Request);
    }

    private string? QueryValue(string name, out string? value)
    {
        var values = Request.Query[name];
        value = values.Count == 0 ? null : values[0];
        return values.Count > 1 ? $"{name} must be given once." : null;
    }

    /// <summary>The first <paramref name="count"/> segments joined by <c>/</c>: the stream before a trailing route segment.</summary>
    private static string Join(List<string> segments, int count) => string.Join('/', segments.GetRange(0, count));

    private static IActionResult Problem400(string message) => ProblemWriter.Result(StatusCodes.Status400BadRequest, message, "bad-request");
}
