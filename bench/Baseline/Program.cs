// The reference point of bench/http: the least an HTTP commit can cost on this machine, measured by the same wrk
// script as the store. Not a store: no parsing, no validation, no streams, no index, no recovery.
//
//   POST /streams/{name}/commit   reads the body, appends it to one log file (--Flush fdatasync, the default: one
//                                 thread, one write and one fdatasync per group of waiting requests; --Flush none:
//                                 no disk at all) and answers 201 with the store's response shape, the request's
//                                 events echoed
//   GET  /health                  200
//
//   dotnet CleanEventStore.Baseline.dll --urls http://127.0.0.1:5990 --Directory /tmp/x [--Flush none]
using System.Buffers;
using System.Buffers.Text;
using CleanEventStore.Baseline;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var flush = builder.Configuration["Flush"] ?? "fdatasync";
if (flush is not ("fdatasync" or "none"))
{
    throw new ArgumentException($"--Flush takes fdatasync or none, not '{flush}'.");
}

using var log = flush == "none"
    ? null
    : new GroupCommitLog(Path.Combine(builder.Configuration["Directory"] ?? Path.GetTempPath(), "baseline.log"));
var app = builder.Build();

app.MapGet("/health", () => Results.Ok());
app.MapPost("/streams/{name}/commit", async (HttpContext context, string name) =>
{
    const int MaxBody = 1024 * 1024;
    var length = context.Request.ContentLength ?? -1;
    if (length is <= 2 or > MaxBody)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    var body = ArrayPool<byte>.Shared.Rent((int)length);
    try
    {
        var request = body.AsMemory(0, (int)length);
        await context.Request.Body.ReadExactlyAsync(request, context.RequestAborted);
        var position = log is null ? 0 : await log.AppendAsync(request);

        // Built whole, then sent with a Content-Length, as the store sends its commit results.
        var answer = ArrayPool<byte>.Shared.Rent(128 + (name.Length * 3) + request.Length);
        try
        {
            var written = WriteResponse(answer, position, name, request.Span);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = written;
            await context.Response.Body.WriteAsync(answer.AsMemory(0, written), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(answer);
        }
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(body);
    }
});

app.Run();

// {"commitId":<log position>,"committedAt":<unix ms>,"streamName":"<name>","streamVersion":0,<the body after its '{'>
static int WriteResponse(Span<byte> span, long position, string name, ReadOnlySpan<byte> body)
{
    var written = 0;
    Append(span, ref written, "{\"commitId\":"u8);
    Utf8Formatter.TryFormat(position, span[written..], out var count);
    written += count;
    Append(span, ref written, ",\"committedAt\":"u8);
    Utf8Formatter.TryFormat(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), span[written..], out count);
    written += count;
    Append(span, ref written, ",\"streamName\":\""u8);
    written += System.Text.Encoding.UTF8.GetBytes(name, span[written..]);
    Append(span, ref written, "\",\"streamVersion\":0,"u8);
    Append(span, ref written, body[1..]);
    return written;
}

static void Append(Span<byte> span, ref int written, ReadOnlySpan<byte> bytes)
{
    bytes.CopyTo(span[written..]);
    written += bytes.Length;
}
