using CleanEventStore.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CleanEventStore.Api.OpenApi;

/// <summary>
/// The document's information, tags, the problem-details schema, and the two authentication schemes: an API key in
/// <c>X-Api-Key</c>, and a bearer credential (a JWT, or an API key). When this server runs with authentication
/// (<c>Auth:Mode</c> not <c>None</c>) every operation but the health probe requires one of them; without, they are
/// optional.
/// </summary>
internal sealed class EventStoreDocumentTransformer(IOptions<AuthOptions> auth) : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "CleanEventStore",
            Version = "v1",
            Description =
                "An event store: commit events to streams with optimistic concurrency or DCB conditions, read streams, the " +
                "global log (`_all`), joins, categories and DCB queries as NDJSON (one stored document per line, exactly as " +
                "committed), follow them live (NDJSON or Server-Sent Events), and run durable server-side consumers.\n\n" +
                "Errors are RFC 9457 problem details (`application/problem+json`) with the original protocol's `error` " +
                "message, a stable `code` and a `traceId`. Global positions are 1-based; the head is the number of events. " +
                "With authentication on, send an API key (`X-Api-Key: <key>` or `Authorization: Bearer <key>`) or a JWT " +
                "(`Authorization: Bearer <token>`); scopes (`read:<pattern>`, `write:<pattern>`, `query`, `consumers`, " +
                "`admin`) decide what a caller may do, and a request outside them is 403, never a partial answer.",
            License = new OpenApiLicense { Name = "MIT" },
        };
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = EventStoreOperations.StreamsTag, Description = "Commit, read, close and list streams; the global log `_all`, joins, categories and derived (matcher) streams." },
            new() { Name = EventStoreOperations.QueryTag, Description = "Dynamic Consistency Boundary: read what a decision depends on, with the condition that protects the commit." },
            new() { Name = EventStoreOperations.ConsumersTag, Description = "Durable server-side consumers that fold a stream into a state with a sandboxed JavaScript handler." },
            new() { Name = EventStoreOperations.HealthTag, Description = "Health probe and storage statistics." },
            new() { Name = EventStoreOperations.AdminTag, Description = "Operations: the online backup of the embedded store." },
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AuthSchemes.ApiKeyHeader,
                Description = "An API key (`Auth:Mode=ApiKey`): one of `Auth:ApiKeys`, whose scopes decide what it may do.",
            },
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "`Authorization: Bearer <credential>`: a JWT (`Auth:Mode=Jwt`; its `scope`/`scp` claims carry the scopes), or an API key. With both modes on, a credential shaped like a JWT is taken for a token.",
            },
        };
        _ = EventStoreSchemas.Reference(document, EventStoreSchemas.Problem);

        var requirements = Requirements(document);
        document.Security = auth.Value.ParsedMode is null or AuthMode.None
            ? [new OpenApiSecurityRequirement(), .. requirements]
            : requirements;
        return Task.CompletedTask;
    }

    /// <summary>Either scheme.</summary>
    public static List<OpenApiSecurityRequirement> Requirements(OpenApiDocument document) =>
    [
        new() { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
        new() { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] },
    ];
}
