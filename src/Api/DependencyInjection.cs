using System.Diagnostics;
using CleanEventStore.Api.Contracts;
using CleanEventStore.Api.Hosting;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Security;
using Microsoft.AspNetCore.HttpOverrides;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiDependencyInjection
{
    /// <summary>
    /// Controllers with source-generated JSON, problem details (with <c>traceId</c> and <c>instance</c>), the one
    /// exception handler, and forwarded headers only when <c>ForwardedHeaders:Enabled</c> is set.
    /// </summary>
    /// <remarks>
    /// <c>AddMvcCore</c> rather than <c>AddControllers</c>: the API has no authorization, CORS, data annotations or
    /// API explorer, and <c>AddControllers</c>' authorization services make the host insert the authentication and
    /// authorization middlewares into every request (with the parameterless actions of
    /// <see cref="CleanEventStore.Api.Controllers.EventStoreController"/>, ~15% less server CPU per single-event
    /// commit; bench/README.md). A deployment that adds <c>[Authorize]</c> adds <c>AddAuthorization()</c> here.
    /// </remarks>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMvcCore()
            .AddJsonOptions(options => options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default))
            .ConfigureApiBehaviorOptions(options =>
            {
                // Controllers bind no models (bodies are read and validated by the use cases), so the automatic
                // model-state filter only costs time on every request.
                options.SuppressModelStateInvalidFilter = true;
            });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ExceptionProblemDetailsHandler>();
        services.AddSingleton<RequestBody>();
        services.AddSingleton<StreamRequests>();
        services.AddSingleton<QueryRequests>();
        services.AddHostedService<LongPollShutdown>();
        services.AddApiSecurity(configuration);
        services.AddTransportSecurity(configuration);

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
