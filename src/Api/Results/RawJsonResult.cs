using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Results;

/// <summary>A JSON body that is already serialized (the commit result, which embeds stored JSON as is).</summary>
public sealed class RawJsonResult(int statusCode, byte[] body) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
    }
}
