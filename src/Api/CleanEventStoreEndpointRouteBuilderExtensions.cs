using CleanEventStore.Api.Health;
using CleanEventStore.Api.Hosting;
using CleanEventStore.Api.OpenApi;
using CleanEventStore.Api.Routing;
using CleanEventStore.Api.Telemetry;
using CleanEventStore.Api.Ui;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the store's HTTP API in an application (<c>src/Api</c> mounts it at the root).</summary>
public static class CleanEventStoreEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts the whole API of the store (registered with <c>services.AddCleanEventStore(configuration)</c>) at
    /// <paramref name="prefix"/>: <c>app.MapCleanEventStore("/events")</c> serves <c>/events/streams/…</c>,
    /// <c>/events/query</c>, <c>/events/consumers/…</c>, <c>/events/health</c>, <c>/events/openapi/v1.json</c> and
    /// <c>/events/scalar</c>.
    /// </summary>
    /// <remarks>
    /// Under a prefix the store is a branch of the pipeline (<c>app.Map(prefix, …)</c>) with its own middleware (problem
    /// details for its exceptions and for its own 404 and 405, HTTPS and CORS, authentication and rate limits per
    /// <c>Auth:*</c> and <c>RateLimit:*</c>) and its own route table; requests outside the prefix never reach it, and the
    /// host's endpoints, error handling and authentication are left as they are. Middleware the host adds before this
    /// call also runs for the store's requests. With an empty prefix (the default) the store owns the whole
    /// application, as in <c>src/Api</c>.
    /// </remarks>
    /// <param name="app">The application.</param>
    /// <param name="prefix">Empty, or a path such as <c>/events</c> (a leading <c>/</c>, no trailing one).</param>
    /// <returns><paramref name="app"/>.</returns>
    public static WebApplication MapCleanEventStore(this WebApplication app, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && (prefix[0] != '/' || prefix[^1] == '/'))
        {
            throw new ArgumentException($"The prefix \"{prefix}\" must start with \"/\" and not end with it, such as \"/events\" (or be empty).", nameof(prefix));
        }

        var path = new PathString(prefix);
        app.Services.GetRequiredService<EventStoreMount>().Set(path);
        if (!path.HasValue)
        {
            app.UseEventStoreMiddleware(app.Configuration);
            MapEndpoints(app, underPrefix: false);
            return app;
        }

        app.Map(path, branch =>
        {
            branch.Use(static (context, next) =>
            {
                context.Features.Set(EventStoreRequestFeature.Instance);
                return next(context);
            });
            branch.UseEventStoreMiddleware(app.Configuration);

            // WebApplication leaves its own route table out of a branch: this one holds only the store's endpoints.
            branch.UseRouting();
            branch.UseEndpoints(endpoints => MapEndpoints(endpoints, underPrefix: true));
        });
        return app;
    }

    private static void MapEndpoints(IEndpointRouteBuilder endpoints, bool underPrefix)
    {
        endpoints.MapControllers().Add(EventStoreEndpoint.Convention(underPrefix));
        endpoints.MapEventStoreDocumentation();
        endpoints.MapEventStoreHealthProbes();
        endpoints.MapEventStoreMetrics();
        endpoints.MapWebConsole();
    }
}
