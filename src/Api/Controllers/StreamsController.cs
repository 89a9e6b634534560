using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using CleanEventStore.Api.Contracts;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Responses;
using CleanEventStore.Api.Results;
using CleanEventStore.Api.Routing;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.CloseStream;
using CleanEventStore.Application.Streams.GetStreamVersion;
using CleanEventStore.Application.Streams.ListStreams;
using CleanEventStore.Application.Streams.ReadCategory;
using CleanEventStore.Application.Streams.ReadStream;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary>
/// <c>/streams</c>: the path grammar of the wire protocol needs the whole tail (stream names contain <c>/</c>), so
/// each method has one catch-all action that picks the use case in the protocol's order, maps the request and sends
/// it through the mediator.
/// </summary>
[ApiController]
[Route("streams")]
public sealed class StreamsController(ISender sender, RequestBody body, ISelectorParser selectors, IMatcherParser matchers) : EventStoreController
{
    public const string StreamHeader = "x-event-store-stream";
    public const string VersionHeader = "x-event-store-version";
    public const string SelectorHeader = "x-event-store-selector";
    public const string CategoryHeader = "x-event-store-category";
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    [HttpGet("")]
    public async Task<IActionResult> List()
    {
        var cancellationToken = RequestAborted;
        var result = await sender.Send(new ListStreamsQuery(), cancellationToken);
        var items = new List<StreamListItem>();
        await foreach (var stream in result.Streams.WithCancellation(cancellationToken))
        {
            items.Add(new StreamListItem(stream.Name.Value, stream.Closed, stream.Version, Metadata(stream)));
        }

        return JsonBody.Of(StatusCodes.Status200OK, new StreamListResponse(items), ApiJsonContext.Default.StreamListResponse);
    }

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
            var version = await sender.Send(new GetStreamVersionQuery(RequestValues.Stream(Join(segments, 0, segments.Count - 1), "stream", allowAll: true)), cancellationToken);
            return JsonBody.Of(StatusCodes.Status200OK, new StreamVersionResponse(version.Stream.Value, version.Version), ApiJsonContext.Default.StreamVersionResponse);
        }

        if (!ReadPath.TryParseNamed(segments, out var read, out var error))
        {
            return Problem400(error!);
        }

        if (QueryValue("filter", out var filterText) is { } filterError)
        {
            return Problem400(filterError);
        }

        var query = new ReadStreamQuery(RequestValues.Stream(read!.Name, "stream", allowAll: true), read.Window, FilterReader.Read(filterText, matchers));
        var result = await sender.Send(query, cancellationToken);
        return new NdjsonResult(result.Events, [new(StreamHeader, result.Stream.Value), new(VersionHeader, Number(result.Version))]);
    }

    [HttpPut("{**path}")]
    public async Task<IActionResult> Put()
    {
        var segments = PathSegments("path");
        var cancellationToken = RequestAborted;

        var bytes = await body.ReadJsonAsync(Request, cancellationToken);
        var created = await sender.Send(CreateStreamRequestReader.Read(string.Join('/', segments), bytes, matchers), cancellationToken);
        return JsonBody.Of(StatusCodes.Status201Created, new StreamVersionResponse(created.Stream.Value, created.Version), ApiJsonContext.Default.StreamVersionResponse);
    }

    [HttpPost("{**path}")]
    public async Task<IActionResult> Post()
    {
        var segments = PathSegments("path");
        var cancellationToken = RequestAborted;

        if (segments.Count >= 1 && segments[^1] == "commit")
        {
            return await Commit(Join(segments, 0, segments.Count - 1), cancellationToken);
        }

        if (segments.Count >= 1 && segments[^1] == "close")
        {
            var closed = await sender.Send(new CloseStreamCommand(RequestValues.Stream(Join(segments, 0, segments.Count - 1), "stream", allowAll: false)), cancellationToken);
            return JsonBody.Of(StatusCodes.Status200OK, new StreamClosedResponse(closed.Stream.Value, closed.Closed), ApiJsonContext.Default.StreamClosedResponse);
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

        var filterError = QueryValue("filter", out var filterText);
        var selectorError = QueryValue("selector", out var selector);
        if ((filterError ?? selectorError) is { } queryError)
        {
            return Problem400(queryError);
        }

        var result = await sender.Send(JoinRequestReader.Read(Request.Query["streams"], selector, window!, filterText, selectors, matchers), cancellationToken);
        return new NdjsonResult(result.Events, [new(SelectorHeader, result.Selector.ToJson()), new(VersionHeader, Number(result.Version))]);
    }

    private async Task<IActionResult> Category(List<string> tail, CancellationToken cancellationToken)
    {
        if (!ReadPath.TryParseNamed(tail, out var read, out var error))
        {
            return Problem400(error!);
        }

        if (QueryValue("filter", out var filterText) is { } filterError)
        {
            return Problem400(filterError);
        }

        var query = new ReadCategoryQuery(RequestValues.Stream(read!.Name, "category", allowAll: false), read.Window, FilterReader.Read(filterText, matchers));
        var result = await sender.Send(query, cancellationToken);
        return new NdjsonResult(result.Events, [new(CategoryHeader, result.Category), new(VersionHeader, Number(result.Version))]);
    }

    private async Task<IActionResult> Commit(string stream, CancellationToken cancellationToken)
    {
        var bytes = await body.ReadJsonAsync(Request, cancellationToken);
        var command = CommitRequestReader.Read(stream, bytes, IdempotencyToken(stream, bytes), selectors, matchers);
        var result = await sender.Send(command, cancellationToken);
        if (result.Replayed)
        {
            Response.Headers["Idempotent-Replayed"] = "true";
        }

        var json = CommitResultWriter.Write(result);
        return new RawJsonResult(StatusCodes.Status201Created, json.WrittenMemory, json);
    }

    private IdempotencyToken? IdempotencyToken(string stream, byte[] bytes)
    {
        if (!Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(stream));
        hash.Append([0]);
        hash.Append(bytes);
        return new IdempotencyToken(values.ToString(), hash.GetCurrentHashAsUInt128());
    }

    private string? QueryValue(string name, out string? value)
    {
        var values = Request.Query[name];
        value = values.Count == 0 ? null : values[0];
        return values.Count > 1 ? $"{name} must be given once." : null;
    }

    private static StreamMetadata Metadata(StreamInfo stream)
    {
        JsonElement? matcher = null;
        if (stream.Matcher is not null)
        {
            using var document = JsonDocument.Parse(stream.Matcher.Json);
            matcher = document.RootElement.Clone();
        }

        return new StreamMetadata(stream.Kind.ToString().ToLowerInvariant(), matcher);
    }

    private static string Join(List<string> segments, int start, int end) => string.Join('/', segments.Skip(start).Take(end - start));

    private static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IActionResult Problem400(string message) => ProblemWriter.Result(StatusCodes.Status400BadRequest, message, "bad-request");
}
