using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Common.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CleanEventStore.Api.Security;

/// <summary>
/// Authentication per <c>Auth:Mode</c>. With <c>None</c> nothing is added to the request path (every caller is
/// unrestricted, and the server refuses to start on a non-loopback address unless <c>Auth:AllowAnonymous</c>). Otherwise:
/// the API key handler and/or JwtBearer behind a policy scheme that picks one per request, the
/// <see cref="AuthenticationGate"/> (401 before any route), and the caller of each request for the use cases'
/// authorization (<see cref="HttpCallerContext"/>).
/// </summary>
public static class SecurityDependencyInjection
{
    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(limits => limits.Validate().Count == 0, "RateLimit:PermitsPerSecond and Burst must not be negative, MaxLongPolls and MaxLongPollsPerCaller must be at least 1.")
            .ValidateOnStart();
        services.AddRequestRateLimiting(configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions());
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var mode = options.ParsedMode ?? AuthMode.None;
        if (mode == AuthMode.None)
        {
            return services;
        }

        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Singleton<ICallerContext, HttpCallerContext>());
        services.AddSingleton<ApiKeyStore>();
        // The gate looks API keys up itself; the schemes serve the JWT path and whatever names the policy scheme (it picks
        // the key or the token handler per request, as the gate does). None is the default scheme: in an application that
        // embeds the store, the host's own authentication stays its own, and the store's credentials never authenticate a
        // request of the host.
        var authentication = services.AddAuthentication()
            .AddPolicyScheme(AuthSchemes.Default, AuthSchemes.Default, policy => policy.ForwardDefaultSelector = context => AuthSchemes.Select(context, mode))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null);
        if (mode.HasFlag(AuthMode.Jwt))
        {
            authentication.AddJwtBearer(AuthSchemes.Jwt, jwt => ConfigureJwt(jwt, options.Jwt));
        }

        return services;
    }

    /// <summary>
    /// Adds the authentication gate (when <c>Auth:Mode</c> is not <c>None</c>) and then the rate limiter (when
    /// <c>RateLimit:PermitsPerSecond</c> is set), so that the limit applies per authenticated caller.
    /// </summary>
    public static IApplicationBuilder UseApiSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().Value.ParsedMode is not (null or AuthMode.None))
        {
            // The gate is the authentication middleware. WebApplication inserts ASP.NET Core's own in front of the
            // pipeline whenever authentication services are registered and the app did not call UseAuthentication;
            // it would authenticate every request a second time (creating a handler each time: ~8 us of CPU per
            // single-event commit here). This is the flag UseAuthentication sets to prevent exactly that.
            app.Properties["__AuthenticationMiddlewareSet"] = true;
            app.UseMiddleware<AuthenticationGate>();
        }

        if (app.ApplicationServices.GetService<RequestRateLimiting.StoreRateLimiter>() is { } limiter)
        {
            app.UseRateLimiter(limiter.Options);
        }

        return app;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, JwtOptions options)
    {
        jwt.MapInboundClaims = false;
        jwt.Audience = options.Audience;
        if (!string.IsNullOrEmpty(options.Authority))
        {
            jwt.Authority = options.Authority;
        }
        else
        {
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(options.SigningKey ?? string.Empty)),
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        }

        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                context.Principal!.AddIdentity(new CallerIdentity(JwtCaller.From(context.Principal), AuthSchemes.Jwt));
                return Task.CompletedTask;
            },
        };
    }
}
