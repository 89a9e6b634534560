using CleanEventStore.Application.Streams.Common;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Results;

/// <summary>
/// Streams a read as NDJSON. The first batch is awaited before anything is sent, so errors that happen early (a
/// long-poll timeout with no event: 408) still become problem details. Then 200, the route's headers and the stored
/// lines are copied straight into the response pipe, flushed once per batch. A failure after the first byte aborts
/// the connection, so the client sees a truncated stream rather than a clean end. A client that goes away ends the
/// read (and any wait) at once.
/// </summary>
public sealed partial class NdjsonResult(EventFeed feed, IReadOnlyList<KeyValuePair<string, string>> headers) : IActionResult
{
    public const string ContentType = "application/x-ndjson; charset=utf-8";

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
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
                events.Current.WriteTo(writer);
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
            http.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading events for {Path} failed after the response started; the connection was aborted")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, string path);
}
