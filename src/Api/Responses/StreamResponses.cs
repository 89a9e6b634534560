using System.Globalization;
using System.Text.Json;
using CleanEventStore.Api.Contracts;
using CleanEventStore.Api.Results;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.Streams.CloseStream;
using CleanEventStore.Application.Streams.CreateStream;
using CleanEventStore.Application.Streams.GetStreamVersion;
using CleanEventStore.Application.Streams.ListStreams;
using CleanEventStore.Application.Streams.ReadCategory;
using CleanEventStore.Application.Streams.ReadJoin;
using CleanEventStore.Application.Streams.ReadStream;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Responses;

/// <summary>The responses of the <c>/streams</c> routes: JSON bodies, and NDJSON reads with their headers.</summary>
public static class StreamResponses
{
    public const string StreamHeader = "x-event-store-stream";
    public const string VersionHeader = "x-event-store-version";
    public const string SelectorHeader = "x-event-store-selector";
    public const string CategoryHeader = "x-event-store-category";

    /// <summary><c>{"streams":[{"name":…,"closed":…,"version":…,"metadata":{"kind":…,"matcher":…}}]}</c>.</summary>
    public static async Task<IActionResult> List(ListStreamsResult result, CancellationToken cancellationToken)
    {
        var items = new List<StreamListItem>();
        await foreach (var stream in result.Streams.WithCancellation(cancellationToken))
        {
            items.Add(new StreamListItem(stream.Name.Value, stream.Closed, stream.Version, Metadata(stream)));
        }

        return JsonBody.Of(StatusCodes.Status200OK, new StreamListResponse(items), ApiJsonContext.Default.StreamListResponse);
    }

    public static IActionResult Version(GetStreamVersionResult result) =>
        JsonBody.Of(StatusCodes.Status200OK, new StreamVersionResponse(result.Stream.Value, result.Version), ApiJsonContext.Default.StreamVersionResponse);

    public static IActionResult Created(CreateStreamResult result) =>
        JsonBody.Of(StatusCodes.Status201Created, new StreamVersionResponse(result.Stream.Value, result.Version), ApiJsonContext.Default.StreamVersionResponse);

    public static IActionResult Closed(CloseStreamResult result) =>
        JsonBody.Of(StatusCodes.Status200OK, new StreamClosedResponse(result.Stream.Value, result.Closed), ApiJsonContext.Default.StreamClosedResponse);

    /// <summary>
    /// The events as NDJSON; a follow as NDJSON or, when <paramref name="request"/> accepts <c>text/event-stream</c>, as
    /// Server-Sent Events.
    /// </summary>
    public static IActionResult Events(ReadStreamResult result, HttpRequest? request = null) =>
        Events(result.Events, result.Follow, request, [new(StreamHeader, result.Stream.Value), new(VersionHeader, Number(result.Version))]);

    /// <inheritdoc cref="Events(ReadStreamResult, HttpRequest?)"/>
    public static IActionResult Events(ReadJoinResult result, HttpRequest? request = null) =>
        Events(result.Events, result.Follow, request, [new(SelectorHeader, result.Selector.ToJson()), new(VersionHeader, Number(result.Version))]);

    /// <inheritdoc cref="Events(ReadStreamResult, HttpRequest?)"/>
    public static IActionResult Events(ReadCategoryResult result, HttpRequest? request = null) =>
        Events(result.Events, result.Follow, request, [new(CategoryHeader, result.Category), new(VersionHeader, Number(result.Version))]);

    /// <summary>A read's response: a follow when the read is one, else the NDJSON read (long-polling where it waits).</summary>
    public static IActionResult Events(EventFeed events, EventFollow? follow, HttpRequest? request, KeyValuePair<string, string>[] headers) =>
        follow is null
            ? new NdjsonResult(events, headers)
            : new FollowResult(follow, request is not null && FollowResult.WantsEventStream(request), headers);

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

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
