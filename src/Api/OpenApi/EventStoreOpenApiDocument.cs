using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CleanEventStore.Api.OpenApi;

/// <summary>
/// Serves the store's document as OpenAPI 3.1 JSON. The document describes the code, so it is generated once (per
/// prefix the request arrives under) and its bytes are kept: an anonymous client cannot make the server generate it
/// again and again. Its one server is the store's prefix, relative to the host the document was fetched from.
/// </summary>
internal sealed class EventStoreOpenApiDocument(IServiceProvider services) : IDisposable
{
    private readonly SemaphoreSlim _generating = new(1, 1);
    private volatile Generated? _generated;

    public static async Task WriteAsync(HttpContext context)
    {
        var bytes = await context.RequestServices.GetRequiredService<EventStoreOpenApiDocument>().GetAsync(context.Request.PathBase, context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private async ValueTask<byte[]> GetAsync(PathString pathBase, CancellationToken cancellationToken)
    {
        if (_generated is { } generated && generated.PathBase == pathBase)
        {
            return generated.Bytes;
        }

        await _generating.WaitAsync(cancellationToken);
        try
        {
            if (_generated is { } again && again.PathBase == pathBase)
            {
                return again.Bytes;
            }

            var document = await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(EventStoreOpenApi.DocumentName).GetOpenApiDocumentAsync(cancellationToken);
            document.Servers = [new OpenApiServer { Url = pathBase.HasValue ? pathBase.ToUriComponent() : "/", Description = "This server" }];
            using var stream = new MemoryStream();
            await document.SerializeAsJsonAsync(stream, OpenApiSpecVersion.OpenApi3_1, cancellationToken);
            var bytes = stream.ToArray();
            _generated = new Generated(pathBase, bytes);
            return bytes;
        }
        finally
        {
            _generating.Release();
        }
    }

    public void Dispose() => _generating.Dispose();

    private sealed record Generated(PathString PathBase, byte[] Bytes);
}
