namespace CleanEventStore.Api.Security;

/// <summary>
/// CORS and HTTPS. CORS is off unless <c>Cors:AllowedOrigins</c> lists origins (browsers on those origins may then call
/// the API with credentials headers and read its headers). When the server listens on an <c>https://</c> address (TLS
/// through Kestrel's configuration, see the README), plain HTTP requests are redirected to it and responses carry HSTS.
/// </summary>
public static class TransportSecurity
{
    /// <summary>The store's CORS policy, by name: an application that embeds the store keeps its own default policy.</summary>
    public const string CorsPolicy = "CleanEventStore";

    private static readonly string[] RequestHeaders = ["Content-Type", "Authorization", AuthSchemes.ApiKeyHeader, "Idempotency-Key", "Last-Event-ID"];

    private static readonly string[] ResponseHeaders =
    [
        "x-event-store-stream", "x-event-store-version", "x-event-store-selector", "x-event-store-category",
        "x-event-store-query-condition", "Idempotent-Replayed", "Retry-After", "WWW-Authenticate",
    ];

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(origins)
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithHeaders(RequestHeaders)
                .WithExposedHeaders(ResponseHeaders)));
        }

        if (UsesTls(configuration))
        {
            services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        }

        return services;
    }

    /// <summary>Before authentication, so that a CORS preflight needs no credentials.</summary>
    public static IApplicationBuilder UseTransportSecurity(this IApplicationBuilder app, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (UsesTls(configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        if ((configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).Length > 0)
        {
            app.UseCors(CorsPolicy);
        }

        return app;
    }

    private static bool UsesTls(IConfiguration configuration) =>
        ListenAddresses.Of(configuration).Any(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
