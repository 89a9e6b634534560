using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Results;

/// <summary>
/// A JSON body that is already serialized (the commit result, which embeds stored JSON as is). <paramref name="owner"/>,
/// when given, owns the memory of <paramref name="body"/> and is disposed once the body is written (or the write fails).
/// </summary>
public sealed class RawJsonResult(int statusCode, ReadOnlyMemory<byte> body, IDisposable? owner = null) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        try
        {
            var response = context.HttpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }
        finally
        {
            owner?.Dispose();
        }
    }
}
