using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CleanEventStore.Api.Health;

/// <summary>
/// The orchestrators' probes, with ASP.NET Core health checks: <c>GET /health/live</c> (200 while the process runs: it
/// runs no check) and <c>GET /health/ready</c> (200 when the checks tagged <c>ready</c> pass: <c>store</c> open and
/// writable, <c>database</c> reachable on PostgreSQL, <c>consumers</c> loaded; else 503). Both answer a small JSON body,
/// <c>{"status":"unhealthy","checks":{"store":{"status":"unhealthy","description":"…"}}}</c>. Anonymous and never rate
/// limited (<see cref="Security.AnonymousRoutes"/>); under the store's prefix when it has one. <c>GET /health</c>, the
/// detailed report, is the HealthController's.
/// </summary>
public static class HealthProbes
{
    public const string ReadyTag = "ready";

    /// <summary>GET and HEAD only (another method is 405, as on the API's routes).</summary>
    internal static readonly HttpMethodMetadata ProbeMethods = new([HttpMethods.Get, HttpMethods.Head]);

    public static IServiceCollection AddEventStoreHealthChecks(this IServiceCollection services)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<StoreReadinessCheck>("store", tags: [ReadyTag])
            .AddCheck<ConsumersReadinessCheck>("consumers", tags: [ReadyTag]);
        checks.Add(new HealthCheckRegistration(
            "database",
            provider => provider.GetService<NpgsqlDataSource>() is { } dataSource ? new DatabaseReadinessCheck(dataSource) : new NoDatabase(),
            failureStatus: null,
            tags: [ReadyTag]));
        return services;
    }

    public static void MapEventStoreHealthProbes(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = static _ => false, ResponseWriter = WriteAsync })
            .WithMetadata(ProbeMethods)
            .ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        })
            .WithMetadata(ProbeMethods)
            .ExcludeFromDescription();
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("status", Name(report.Status));
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", Name(entry.Status));
            if (entry.Description is { } description)
            {
                writer.WriteString("description", description);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    /// <summary>The embedded engine has no database: the check passes and says so.</summary>
    private sealed class NoDatabase : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy("No database (embedded engine)."));
    }
}
