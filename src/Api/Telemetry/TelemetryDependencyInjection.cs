using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Security;
using CleanEventStore.Application.Common.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CleanEventStore.Api.Telemetry;

/// <summary>
/// OpenTelemetry for the store, when <c>Metrics:Enabled</c> and <c>OpenTelemetry:Enabled</c> (both default true):
/// metrics from the store's meter (<see cref="EventStoreTelemetry.Name"/>), ASP.NET Core, Kestrel, Npgsql and the
/// runtime, served to Prometheus at <c>/metrics</c>; with <c>OpenTelemetry:Otlp:Endpoint</c> also exported by OTLP
/// together with traces (the store's spans, ASP.NET Core's and Npgsql's). Without an OTLP endpoint no tracer is
/// registered: spans nobody exports are not created.
/// </summary>
public static class TelemetryDependencyInjection
{
    public static IServiceCollection AddEventStoreTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.SectionName))
            .PostConfigure(options => options.Enabled &= configuration.GetValue("OpenTelemetry:Enabled", true));
        var enabled = configuration.GetValue("Metrics:Enabled", true) && configuration.GetValue("OpenTelemetry:Enabled", true);
        if (!enabled)
        {
            return services;
        }

        var otlp = OtlpSettings.From(configuration);
        var serviceName = configuration["OpenTelemetry:ServiceName"] ?? EventStoreTelemetry.Name;
        services.AddHostedService<GaugeRegistration>();
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EventStoreTelemetry.Name, "System.Runtime", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        otlp.Configure(exporter, "/v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = otlp.ExportIntervalMs;
                    });
                }
            });
        if (otlp is not null)
        {
            builder.WithTracing(tracing => tracing
                .AddSource(EventStoreTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(exporter =>
                {
                    otlp.Configure(exporter, "/v1/traces");
                    exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = otlp.ExportIntervalMs;
                }));
        }

        return services;
    }

    /// <summary>
    /// <c>/metrics</c> among the store's endpoints (so under its prefix when it has one), when metrics are on. With
    /// authentication on and <c>Metrics:RequireAuthentication</c> (default), only a caller with scope <c>admin</c> may
    /// scrape (the authentication gate has answered 401 before without credentials; here a caller without the scope
    /// gets 403). Not in the OpenAPI document: it is not one of the API's operations.
    /// </summary>
    public static void MapEventStoreMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            return;
        }

        endpoints.MapPrometheusScrapingEndpoint(MetricsOptions.ScrapePath.Value!, meterProvider: null, configureBranchedPipeline: RequireAdmin, optionsName: null)
            .WithMetadata(Health.HealthProbes.ProbeMethods)
            .ExcludeFromDescription();
    }

    private static void RequireAdmin(IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            // Without authentication (Auth:Mode None) there is no caller feature and every caller is unrestricted;
            // with Metrics:RequireAuthentication=false the gate let an anonymous request through.
            if (context.Features.Get<CallerFeature>() is { } caller
                && !caller.Caller.IsAdmin
                && context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.RequireAuthentication)
            {
                context.RequestServices.GetRequiredService<EventStoreTelemetry>().Refused(authenticated: true);
                return ProblemWriter.WriteAsync(
                    context,
                    ProblemWriter.Create(StatusCodes.Status403Forbidden, "Scraping /metrics needs the scope admin (or Metrics:RequireAuthentication=false).", "forbidden")).AsTask();
            }

            return next(context);
        });

    /// <summary>Creates the observable gauges once the host starts (they need the opened store).</summary>
    private sealed class GaugeRegistration(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<StoreGauges>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
