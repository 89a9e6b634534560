using CleanEventStore.Api.Hosting;
using CleanEventStore.Application.Common.Behaviors;
using Microsoft.AspNetCore.Diagnostics;

namespace CleanEventStore.Api.ProblemDetails;

/// <summary>
/// Answers every exception that escapes a request as the problem details <see cref="ExceptionProblem.For"/> maps it
/// to (<c>application/problem+json</c>, with <c>error</c> holding the protocol's message and <c>code</c> a stable
/// machine-readable code). Client input never yields a 500; unexpected errors are logged once and answered without
/// internals outside Development. In an application that embeds the store under a prefix it answers only the store's
/// requests.
/// </summary>
public sealed partial class ExceptionProblemDetailsHandler(
    ILogger<ExceptionProblemDetailsHandler> logger,
    IHostEnvironment environment,
    EventStoreMount mount) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!mount.Serves(httpContext))
        {
            // A request of the application that embeds the store: its own handlers answer it.
            return false;
        }

        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Abort();
            return true;
        }

        if (httpContext.Response.HasStarted)
        {
            httpContext.Abort();
            return true;
        }

        var problem = ExceptionProblem.For(exception, environment.IsDevelopment());
        if (problem.Details.Status >= 500 && !exception.Data.Contains(ExceptionMarkers.Logged))
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        if (problem.RetryAfter is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = retryAfter;
        }

        await ProblemWriter.WriteAsync(httpContext, problem.Details, exception);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
