using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Application.Common.Security;
using Microsoft.AspNetCore.Authentication;

namespace CleanEventStore.Api.Security;

/// <summary>
/// Authenticates every request with the default (policy) scheme: a request with verified credentials gets its caller
/// (<see cref="CallerFeature"/>, and <c>HttpContext.User</c>); any other request is answered 401 (problem details,
/// <c>WWW-Authenticate: Bearer</c>) before it reaches a route, except on the anonymous routes (<c>/health</c>,
/// <c>/health/live</c>, <c>/health/ready</c>, for load balancers and orchestrators). It takes the place of the
/// authentication middleware, which does not keep the reason of a failure.
/// </summary>
public sealed partial class AuthenticationGate(RequestDelegate next, ILoggerFactory loggers)
{
    public const string MissingCredentials =
        "This server requires authentication: send an API key (Authorization: Bearer <key> or X-Api-Key: <key>) or a bearer token.";

    private readonly ILogger _audit = loggers.CreateLogger(AuditLog.Category);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync();
        if (result is { Succeeded: true, Principal: { } principal }
            && principal.Identities.OfType<CallerIdentity>().FirstOrDefault() is { } identity)
        {
            context.User = principal;
            context.Features.Set(new CallerFeature(identity.Caller));
            await next(context);
            return;
        }

        if (AnonymousRoutes.Contains(context.Request.Path))
        {
            await next(context);
            return;
        }

        var failure = result?.Failure;
        var message = failure is null ? MissingCredentials
            : failure.Message == ApiKeyAuthenticationHandler.UnknownKey ? ApiKeyAuthenticationHandler.UnknownKey
            : JwtCaller.Reason(failure);
        LogRefused(_audit, context.Request.Method, context.Request.Path, failure is null ? "no credentials" : "invalid credentials");
        context.Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{message}\"";
        await ProblemWriter.WriteAsync(context, ProblemWriter.Create(StatusCodes.Status401Unauthorized, message, "unauthorized"));
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "anonymous {Method} {Path}: unauthorized, {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string reason);
}
