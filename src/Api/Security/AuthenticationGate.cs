using CleanEventStore.Api.OpenApi;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Telemetry;
using CleanEventStore.Api.Ui;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.Security;

/// <summary>
/// Authenticates every request: a request with verified credentials gets its caller
/// (<see cref="CallerFeature"/>, and <c>HttpContext.User</c>); any other request is answered 401 (problem details,
/// <c>WWW-Authenticate: Bearer</c>) before it reaches a route, except on the anonymous routes (<c>/health</c>,
/// <c>/health/live</c>, <c>/health/ready</c>, for load balancers and orchestrators, the API's description unless
/// <c>OpenApi:RequireAuthentication</c>, and the web console's files at <c>/ui</c>). It takes the place of the
/// authentication middleware, which does not keep the reason of a failure and creates a handler per request.
/// </summary>
public sealed partial class AuthenticationGate(
    RequestDelegate next,
    ILoggerFactory loggers,
    IOptions<AuthOptions> options,
    IOptions<EventStoreOpenApiOptions> documentation,
    ApiKeyStore keys,
    EventStoreTelemetry telemetry,
    IOptions<MetricsOptions> metrics,
    IServiceProvider services)
{
    public const string MissingCredentials =
        "This server requires authentication: send an API key (Authorization: Bearer <key> or X-Api-Key: <key>) or a bearer token.";

    private readonly AuthMode _mode = options.Value.ParsedMode ?? AuthMode.None;
    private readonly ILogger _audit = loggers.CreateLogger(AuditLog.Category);
    private readonly bool _publicDocumentation = documentation.Value.Enabled && !documentation.Value.RequireAuthentication;
    private readonly bool _publicMetrics = metrics.Value.Enabled && !metrics.Value.RequireAuthentication;

    // The console's files hold no data (its calls to the API are authenticated like any other).
    private readonly bool _console = WebConsole.IsEnabled(services);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (ticket, failure) = await AuthenticateAsync(context);
        if (ticket?.Principal.Identities.OfType<CallerIdentity>().FirstOrDefault() is { } identity)
        {
            context.User = ticket.Principal;
            context.Features.Set(new CallerFeature(identity.Caller));
            await next(context);
            return;
        }

        if (AnonymousRoutes.Contains(context.Request.Path, _publicDocumentation)
            || (_publicMetrics && MetricsOptions.IsScrapePath(context.Request.Path))
            || (_console && WebConsole.IsConsoleFile(context.Request.Path)))
        {
            await next(context);
            return;
        }

        LogRefused(_audit, context.Request.Method, context.Request.Path, failure is null ? "no credentials" : "invalid credentials");
        telemetry.Refused(authenticated: false);
        var message = failure ?? MissingCredentials;
        context.Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{message}\"";
        await ProblemWriter.WriteAsync(context, ProblemWriter.Create(StatusCodes.Status401Unauthorized, message, "unauthorized"));
    }

    /// <summary>
    /// An API key is looked up directly in the <see cref="ApiKeyStore"/> (the hot path: no handler is created per
    /// request); a bearer token goes through the JwtBearer handler. Returns the ticket, or why the credential was refused
    /// (null when there was none).
    /// </summary>
    private async ValueTask<(AuthenticationTicket? Ticket, string? Failure)> AuthenticateAsync(HttpContext context)
    {
        if (AuthSchemes.Select(context, _mode) == AuthSchemes.ApiKey)
        {
            ReadOnlySpan<char> key = context.Request.Headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var header)
                ? header.ToString()
                : AuthSchemes.BearerCredential(context.Request);
            return key.IsEmpty ? (null, null) : keys.Find(key) is { } found ? (found, null) : (null, ApiKeyAuthenticationHandler.UnknownKey);
        }

        var result = await context.AuthenticateAsync(AuthSchemes.Jwt);
        return result.Succeeded ? (result.Ticket, null) : (null, result.Failure is null ? null : JwtCaller.Reason(result.Failure));
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "anonymous {Method} {Path}: unauthorized, {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string path, string reason);
}
