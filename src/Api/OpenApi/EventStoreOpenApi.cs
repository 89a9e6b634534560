using System.Reflection;
using CleanEventStore.Api.Controllers;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CleanEventStore.Api.OpenApi;

/// <summary>
/// The API's OpenAPI 3.1 description at <c>/openapi/v1.json</c> (generated from the controllers' API descriptions by
/// <c>Microsoft.AspNetCore.OpenApi</c>, completed by <see cref="EventStoreDocumentTransformer"/> and
/// <see cref="EventStoreOperationTransformer"/>) and the Scalar API reference at <c>/scalar</c>, served from the
/// package's bundled assets (nothing from a CDN). Both are relative to the store's prefix.
/// </summary>
public static class EventStoreOpenApi
{
    /// <summary>
    /// The store's document and its API-explorer group. Its own name, so that an application that embeds the store keeps
    /// its own documents (the default one is <c>v1</c>): the store's actions are in no other group, and its document
    /// holds nothing else.
    /// </summary>
    public const string DocumentName = "cleaneventstore";

    public const string DocumentPath = "/openapi/v1.json";

    public const string ReferencePath = "/scalar";

    /// <summary>Whether <paramref name="path"/> (relative to the store's prefix) is the document or the reference.</summary>
    public static bool IsDocumentation(PathString path) =>
        path.Equals(DocumentPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(ReferencePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The actions that are not operations of the API: <see cref="ConsumersController.Other"/> only answers 404 or 405
    /// for the paths and methods the consumer routes do not take.
    /// </summary>
    public static bool IsUndocumented(MethodInfo action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.DeclaringType == typeof(ConsumersController) && action.Name == nameof(ConsumersController.Other);
    }

    internal static IServiceCollection AddEventStoreOpenApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventStoreOpenApiOptions>().Bind(configuration.GetSection(EventStoreOpenApiOptions.SectionName));
        services.AddSingleton<EventStoreOpenApiDocument>();
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => description.GroupName == DocumentName;
            options.AddDocumentTransformer<EventStoreDocumentTransformer>();
            options.AddOperationTransformer<EventStoreOperationTransformer>();
            options.AddSchemaTransformer<EventStoreSchemaTransformer>();
        });
        return services;
    }

    /// <summary>Maps the document and the reference, unless <c>OpenApi:Enabled</c> is false.</summary>
    internal static void MapEventStoreDocumentation(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<EventStoreOpenApiOptions>>().Value.Enabled)
        {
            return;
        }

        endpoints.MapGet(DocumentPath, EventStoreOpenApiDocument.WriteAsync).ExcludeFromDescription();
        endpoints.MapScalarApiReference(ReferencePath, static options =>
        {
            options.Title = "CleanEventStore API reference";
            options.AddDocument(DocumentName, "CleanEventStore", routePattern: DocumentPath.TrimStart('/'));

            // Everything from this server: the package's bundled script (scalar.js, served beside the page), no web
            // fonts, no telemetry, no AI agent or MCP calls to third parties.
            options.BundleUrl = "scalar.js";
            options.DefaultFonts = false;
            options.Telemetry = false;
            options.Agent = new ScalarAgentOptions { Disabled = true };
            options.HideClientButton = true;
            options.DisableMcp();
        });
    }
}
