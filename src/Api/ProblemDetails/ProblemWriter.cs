using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.ProblemDetails;

/// <summary>
/// Writes RFC 9457 problem details that also carry <c>error</c>, the original protocol's message member, through
/// <see cref="IProblemDetailsService"/>, each with <c>instance</c> (the request's path, its prefix included) and
/// <c>traceId</c>.
/// </summary>
public static class ProblemWriter
{
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Create(int status, string message, string? code = null)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Type = ProblemTypes.For(status),
            Title = ProblemTypes.Title(status),
            Detail = message,
        };
        problem.Extensions["error"] = message;
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }

        return problem;
    }

    /// <remarks>
    /// The service writes only for an <c>Accept</c> header that admits JSON; for any other (<c>text/html</c>,
    /// <c>image/png</c>, <c>text/plain;q=0</c>) no writer takes the problem and <c>WriteAsync</c> would throw, turning
    /// the error into a 500 without a body. The API has no other representation of an error, so the problem is then
    /// written anyway (RFC 9110 section 12.5.1 lets a server disregard <c>Accept</c> rather than answer 406), with the
    /// members the service's writers would add (<see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>).
    /// </remarks>
    public static async ValueTask WriteAsync(HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails problem, Exception? exception = null)
    {
        // Set here rather than in ProblemDetailsOptions, which an application that embeds the store shares: the store's
        // members stay out of the host's problems, and a host's own customisation still applies to the store's.
        problem.Instance ??= http.Request.PathBase.Add(http.Request.Path).ToString();
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var context = new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception };
        if (await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(context))
        {
            return;
        }

        http.RequestServices.GetRequiredService<IOptions<ProblemDetailsOptions>>().Value.CustomizeProblemDetails?.Invoke(context);
        await http.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", http.RequestAborted);
    }

    /// <summary>An action result for a problem (controllers use it for route-level errors).</summary>
    public static IActionResult Result(int status, string message, string? code = null) => new ProblemResult(Create(status, message, code));

    private sealed class ProblemResult(Microsoft.AspNetCore.Mvc.ProblemDetails problem) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, problem).AsTask();
    }
}
