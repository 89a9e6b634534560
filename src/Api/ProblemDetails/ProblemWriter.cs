using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.ProblemDetails;

/// <summary>
/// Writes RFC 9457 problem details that also carry <c>error</c>, the original protocol's message member, through
/// <see cref="IProblemDetailsService"/> so that every problem gets the same <c>traceId</c> and <c>instance</c>.
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

    public static async ValueTask WriteAsync(HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails problem, Exception? exception = null)
    {
        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>An action result for a problem (controllers use it for route-level errors).</summary>
    public static IActionResult Result(int status, string message, string? code = null) => new ProblemResult(Create(status, message, code));

    private sealed class ProblemResult(Microsoft.AspNetCore.Mvc.ProblemDetails problem) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, problem).AsTask();
    }
}
