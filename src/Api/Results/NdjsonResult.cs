using System.Diagnostics;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Streams.Common;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Results;

/// <summary>
/// Streams a read as NDJSON. The first batch is awaited before anything is sent, so errors that happen early (a
/// long-poll timeout with no event: 408) still become problem details. Then 200, the route's headers and the stored
/// lines are copied straight into the response pipe, flushed once per batch. A failure after the first byte aborts
/// the connection, so the client sees a truncated stream rather than a clean end. A client that goes away ends the
/// read (and any wait) at once. The events and bytes sent are recorded once per response (<c>ces.reads</c>,
/// <c>ces.events.read</c>, <c>ces.read.size</c>), in a <c>ces.read</c> span when someone listens.
/// </summary>
public sealed partial class NdjsonResult(EventFeed feed, IReadOnlyList<KeyValuePair<string, string>> headers) : IActionResult
{
    public const string ContentType = "application/x-ndjson; charset=utf-8";

    private int _events;
    private long _bytes;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var telemetry = context.HttpContext.RequestServices.GetService<EventStoreTelemetry>();
        using var activity = telemetry?.ActivitySource.StartActivity("ces.read");
        try
        {
            await WriteAsync(context.HttpContext, activity);
        }
        finally
        {
            telemetry?.EventsRead(_events, _bytes, newRead: true);
            if (activity is not null)
            {
                activity.SetTag("ces.read.events", _events);
                activity.SetTag("ces.read.bytes", _bytes);
            }
        }
    }

    private async Task WriteAsync(HttpContext http, Activity? activity)
    {
        var aborted = http.RequestAborted;
        await using var events = feed.GetAsyncEnumerator(aborted);
        bool any;
        try
        {
            any = await events.MoveNextAsync();
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        foreach (var header in headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        if (!any)
        {
            response.ContentLength = 0;
            return;
        }

        var writer = response.BodyWriter;
        try
        {
            do
            {
                var batch = events.Current;
                _events += batch.Count;
                _bytes += batch.ByteCount;
                batch.WriteTo(writer);
                var flushed = await writer.FlushAsync(aborted);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    return;
                }
            }
            while (await events.MoveNextAsync());
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            var logger = http.RequestServices.GetRequiredService<ILogger<NdjsonResult>>();
            LogStreamFailed(logger, exception, http.Request.Path);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            http.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading events for {Path} failed after the response started; the connection was aborted")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, string path);
}
