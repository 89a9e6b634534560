using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Security;
using Microsoft.AspNetCore.Diagnostics;

namespace CleanEventStore.Api.Hosting;

/// <summary>
/// The store's middleware, in this order: exceptions to problem details, problem details for the store's own 404 and
/// 405 (a route it does not have, a method a route does not take), HTTPS and CORS, then authentication and rate limits.
/// <c>MapCleanEventStore</c> adds it to the application at the root, or to the store's branch under a prefix.
/// </summary>
internal static class EventStorePipeline
{
    public static void UseEventStoreMiddleware(this IApplicationBuilder app, IConfiguration configuration)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodePage);
        app.UseTransportSecurity(configuration);
        app.UseApiSecurity();
    }

    private static Task StatusCodePage(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var message = status switch
        {
            StatusCodes.Status404NotFound => "Unknown route.",
            StatusCodes.Status405MethodNotAllowed => $"Method {http.Request.Method} is not allowed on {http.Request.PathBase}{http.Request.Path}.",
            _ => ProblemTypes.Title(status) + ".",
        };
        return ProblemWriter.WriteAsync(http, ProblemWriter.Create(status, message)).AsTask();
    }
}
