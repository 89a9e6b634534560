using System.Buffers;
using System.Globalization;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Net.Http.Headers;

namespace CleanEventStore.Api.Results;

/// <summary>
/// Streams a follow (<c>?follow=true</c>) as NDJSON or, for <c>Accept: text/event-stream</c>, as Server-Sent Events.
/// Each event is its stored line with <c>"position":N</c> appended as the last metadata member; <c>caughtUp</c> and
/// <c>heartbeat</c> are lines of their own (SSE: events of those names, each with <c>id:</c> = its position, so that a
/// browser's reconnect resumes after it). The first item is awaited before anything is sent, so a refusal (429 over the
/// follower cap, 503 while the server stops) is still a problem; then every item is written and flushed before the
/// next is asked for, which is the backpressure: a client that does not read holds its follow at one batch (Kestrel's
/// pipe and the socket's buffers are all that is in flight), and the follow reads storage again from its cursor when
/// the client catches up. A follow is never cut off for reading slowly (Kestrel's minimum response rate is off for
/// it); it ends when the client goes away or the server stops (then the response ends cleanly between two lines, or is
/// aborted if it was blocked on a client that does not read).
/// </summary>
public sealed partial class FollowResult(EventFollow follow, bool eventStream, IReadOnlyList<KeyValuePair<string, string>> headers) : IActionResult
{
    public const string EventStreamContentType = "text/event-stream";

    private const int MaxSpanRequest = 64 * 1024;

    /// <summary>The most bytes a line gets around the stored document: the SSE fields and the position member.</summary>
    private const int MaxOverhead = 96;

    private EventStoreTelemetry? _telemetry;

    /// <summary>True when the request's <c>Accept</c> names <c>text/event-stream</c> (with a non-zero quality).</summary>
    public static bool WantsEventStream(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types))
        {
            return false;
        }

        foreach (var type in types)
        {
            if (type.MediaType.Equals(EventStreamContentType, StringComparison.OrdinalIgnoreCase) && type.Quality is not 0.0)
            {
                return true;
            }
        }

        return false;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var aborted = http.RequestAborted;
        await using var items = follow.GetAsyncEnumerator(aborted);
        try
        {
            await items.MoveNextAsync();
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException) when (follow.Stopping.IsCancellationRequested)
        {
            throw new ServerStoppingException();
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = eventStream ? EventStreamContentType : NdjsonResult.ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        foreach (var header in headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        AllowSlowReaders(http);
        _telemetry = http.RequestServices.GetService<EventStoreTelemetry>();
        _telemetry?.EventsRead(0, 0, newRead: true);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(aborted, follow.Stopping);
        var writer = response.BodyWriter;
        var flushing = false;
        try
        {
            do
            {
                Write(writer, items.Current);
                flushing = true;
                var flushed = await writer.FlushAsync(ending.Token);
                flushing = false;
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    return;
                }
            }
            while (await items.MoveNextAsync());
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException) when (follow.Stopping.IsCancellationRequested)
        {
            // The server stops. Between two lines the response ends cleanly; a flush that a client held up cannot
            // complete, so that connection is cut (the client resumes after the last position it saw).
            if (flushing)
            {
                http.Abort();
            }
        }
        catch (Exception exception)
        {
            var logger = http.RequestServices.GetRequiredService<ILogger<FollowResult>>();
            LogFollowFailed(logger, exception, http.Request.Path);
            http.Abort();
        }
    }

    /// <summary>A follower that reads slowly (it processes each event) is backpressure, not an attack: no minimum rate for it.</summary>
    private static void AllowSlowReaders(HttpContext http)
    {
        if (http.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
        {
            try
            {
                rate.MinDataRate = null;
            }
            catch (NotSupportedException)
            {
                // HTTP/2 has no per-request minimum rate to turn off.
            }
        }
    }

    private void Write(IBufferWriter<byte> writer, FollowItem item)
    {
        switch (item.Kind)
        {
            case FollowItemKind.Events:
                WriteEvents(writer, item.Events!);
                _telemetry?.EventsRead(item.Events!.Count, item.Events!.ByteCount, newRead: false);
                break;
            case FollowItemKind.CaughtUp:
                WriteControl(writer, "caughtUp"u8, item.Position);
                break;
            default:
                WriteControl(writer, "heartbeat"u8, item.Position);
                break;
        }
    }

    /// <summary>The lines into as few destination spans as the pipe hands out (each GetSpan/Advance pair takes a lock).</summary>
    private void WriteEvents(IBufferWriter<byte> writer, EventBatch batch)
    {
        var remaining = (long)batch.ByteCount + ((long)batch.Count * MaxOverhead);
        var span = writer.GetSpan((int)Math.Min(remaining, MaxSpanRequest));
        var used = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var line = batch.LineAt(i);
            var needed = line.Length + MaxOverhead;
            if (span.Length - used < needed)
            {
                writer.Advance(used);
                remaining -= used;
                span = writer.GetSpan((int)Math.Max(needed, Math.Min(remaining, MaxSpanRequest)));
                used = 0;
            }

            used += FormatEvent(span[used..], line, batch.PositionAt(i));
        }

        writer.Advance(used);
    }

    /// <summary>
    /// <c>{…,"metadata":{…,"streamVersion":n,"position":N}}</c> (NDJSON) or <c>id: N / event: event / data: …</c> (SSE).
    /// A stored document always ends with its metadata object (<c>}}</c>), so the member goes before those two bytes.
    /// </summary>
    private int FormatEvent(Span<byte> destination, ReadOnlySpan<byte> line, long position)
    {
        if (line.Length < 2 || line[^1] != (byte)'}' || line[^2] != (byte)'}')
        {
            throw new InvalidDataException($"The stored event at position {position} does not end with its metadata object.");
        }

        var n = 0;
        if (eventStream)
        {
            Append(destination, ref n, "id: "u8);
            Number(destination, ref n, position);
            Append(destination, ref n, "\nevent: event\ndata: "u8);
        }

        Append(destination, ref n, line[..^2]);
        Append(destination, ref n, ",\"position\":"u8);
        Number(destination, ref n, position);
        Append(destination, ref n, eventStream ? "}}\n\n"u8 : "}}\n"u8);
        return n;
    }

    /// <summary><c>{"caughtUp":{"position":P}}</c> as a line, or as an SSE event of that name with <c>id: P</c>.</summary>
    private void WriteControl(IBufferWriter<byte> writer, ReadOnlySpan<byte> name, long position)
    {
        var span = writer.GetSpan(MaxOverhead + (2 * name.Length));
        var n = 0;
        if (eventStream)
        {
            Append(span, ref n, "id: "u8);
            Number(span, ref n, position);
            Append(span, ref n, "\nevent: "u8);
            Append(span, ref n, name);
            Append(span, ref n, "\ndata: "u8);
        }

        Append(span, ref n, "{\""u8);
        Append(span, ref n, name);
        Append(span, ref n, "\":{\"position\":"u8);
        Number(span, ref n, position);
        Append(span, ref n, eventStream ? "}}\n\n"u8 : "}}\n"u8);
        writer.Advance(n);
    }

    private static void Append(Span<byte> destination, ref int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[offset..]);
        offset += bytes.Length;
    }

    private static void Number(Span<byte> destination, ref int offset, long value)
    {
        value.TryFormat(destination[offset..], out var written, default, CultureInfo.InvariantCulture);
        offset += written;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Following events for {Path} failed after the response started; the connection was aborted")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception, string path);
}
