using CleanEventStore.Api.Contracts;
using CleanEventStore.Api.Controllers;
using CleanEventStore.Api.Health;
using CleanEventStore.Api.Hosting;
using CleanEventStore.Api.OpenApi;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Routing;
using CleanEventStore.Api.Security;
using CleanEventStore.Api.Telemetry;
using CleanEventStore.Api.Ui;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiDependencyInjection
{
    /// <summary>
    /// Controllers with source-generated JSON, problem details (with <c>traceId</c> and <c>instance</c>), the one
    /// exception handler, the OpenAPI document, and forwarded headers only when <c>ForwardedHeaders:Enabled</c> is set.
    /// </summary>
    /// <remarks>
    /// <c>AddMvcCore</c> rather than <c>AddControllers</c>: the API has no authorization, CORS, data annotations or
    /// views, and <c>AddControllers</c>' authorization services make the host insert the authentication and
    /// authorization middlewares into every request (with the parameterless actions of
    /// <see cref="CleanEventStore.Api.Controllers.EventStoreController"/>, ~15% less server CPU per single-event
    /// commit; bench/README.md). A deployment that adds <c>[Authorize]</c> adds <c>AddAuthorization()</c> here. The API
    /// explorer only describes the actions for the OpenAPI document; it adds nothing to a request. What the store's
    /// controllers need from MVC (no model-state filter, their OpenAPI group) is applied to them alone
    /// (<see cref="EventStoreControllerConvention"/>), and the exception handler answers only the store's requests
    /// (<see cref="EventStoreMount.Serves"/>), so that a host application that embeds the store keeps its own.
    /// </remarks>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMvcCore(options => options.Conventions.Add(new EventStoreControllerConvention()))
            .AddApplicationPart(typeof(EventStoreController).Assembly)
            .AddApiExplorer()
            .AddJsonOptions(options => options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddProblemDetails();

        // First among the exception handlers, so that a host's own handlers never see the store's exceptions; it declines
        // every other request.
        if (!services.Any(service => service.ServiceType == typeof(IExceptionHandler) && service.ImplementationType == typeof(ExceptionProblemDetailsHandler)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IExceptionHandler, ExceptionProblemDetailsHandler>());
        }

        services.AddSingleton<EventStoreMount>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, EventStoreEndpointPolicy>());
        services.AddEventStoreOpenApi(configuration);
        services.AddWebConsole(configuration);
        services.AddSingleton<RequestBody>();
        services.AddSingleton<StreamRequests>();
        services.AddSingleton<QueryRequests>();
        services.AddHostedService<LongPollShutdown>();
        services.AddApiSecurity(configuration);
        services.AddTransportSecurity(configuration);
        services.AddEventStoreTelemetry(configuration);
        services.AddEventStoreHealthChecks();

        if (configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
        {
            services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                options.KnownIPNetworks.Clear();
                options.KnownProxies.Clear();
                foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                {
                    options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
                }
            });
        }

        return services;
    }
}
