using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CleanEventStore.Api.OpenApi;

/// <summary>
/// Fills one operation of the document: what <see cref="EventStoreOperations"/> says about an action, in the model of
/// <c>Microsoft.OpenApi</c> (never as hand-written JSON). Replaces what the API explorer could not know (the actions take
/// no parameters and return <c>IActionResult</c>): parameters, body, responses with their media types and headers.
/// </summary>
internal sealed class OperationDescriber
{
    public const string Ndjson = "application/x-ndjson";
    public const string EventStream = "text/event-stream";
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    private readonly OpenApiOperation _operation;
    private readonly OpenApiOperationTransformerContext _context;

    public OperationDescriber(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        _operation = operation;
        _context = context;
        Document = context.Document ?? throw new InvalidOperationException("The operation transformer has no document.");
        _operation.Parameters = [];
        _operation.Responses = [];
    }

    public OpenApiDocument Document { get; }

    public OperationDescriber Id(string operationId, string summary, string description)
    {
        _operation.OperationId = operationId;
        _operation.Summary = summary;
        _operation.Description = description;
        return this;
    }

    public OperationDescriber Tag(string tag)
    {
        _operation.Tags = new HashSet<OpenApiTagReference> { new(tag, Document) };
        return this;
    }

    /// <summary>A path parameter of the route template, with examples (name → value and summary).</summary>
    public OperationDescriber Path(string name, string description, params (string Name, string Value, string Summary)[] examples) =>
        Parameter(name, ParameterLocation.Path, description, EventStoreSchemas.String(null), required: true, examples);

    public OperationDescriber Query(string name, string description, IOpenApiSchema? schema = null, params (string Name, string Value, string Summary)[] examples) =>
        Parameter(name, ParameterLocation.Query, description, schema ?? EventStoreSchemas.String(null), required: false, examples);

    public OperationDescriber Header(string name, string description, IOpenApiSchema? schema = null, params (string Name, string Value, string Summary)[] examples) =>
        Parameter(name, ParameterLocation.Header, description, schema ?? EventStoreSchemas.String(null), required: false, examples);

    /// <summary>A JSON request body of the component schema <paramref name="schema"/>.</summary>
    public OperationDescriber Body(string schema, string description, bool required = true)
    {
        _operation.RequestBody = new OpenApiRequestBody
        {
            Description = description,
            Required = required,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [Json] = new OpenApiMediaType { Schema = EventStoreSchemas.Reference(Document, schema) },
            },
        };
        return this;
    }

    /// <summary>A JSON response of the component schema <paramref name="schema"/>.</summary>
    public OperationDescriber JsonResponse(int status, string description, string schema, params string[] headers) =>
        Response(status, description, Json, EventStoreSchemas.Reference(Document, schema), headers);

    /// <summary>A JSON response whose schema is generated from the .NET type the API serialises (<see cref="Contracts"/>).</summary>
    public async Task<OperationDescriber> JsonResponseAsync(int status, string description, Type type, CancellationToken cancellationToken, params string[] headers)
    {
        var schema = await SchemaOfAsync(type, cancellationToken);
        return Response(status, description, Json, schema, headers);
    }

    /// <summary>Adds a JSON representation (of a generated schema) to the response <paramref name="status"/>, which exists.</summary>
    public async Task<OperationDescriber> AddJsonToResponseAsync(int status, Type type, CancellationToken cancellationToken)
    {
        var response = (OpenApiResponse)_operation.Responses![Status(status)];
        response.Content![Json] = new OpenApiMediaType { Schema = await SchemaOfAsync(type, cancellationToken) };
        return this;
    }

    /// <summary>
    /// 200 with the events as NDJSON, one <see cref="EventStoreSchemas.Event"/> per line; when <paramref name="follow"/>,
    /// also the follow's NDJSON (with <c>caughtUp</c> and <c>heartbeat</c> lines) and its Server-Sent Events.
    /// </summary>
    public OperationDescriber EventsResponse(string description, bool follow, params string[] headers)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal),
            Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal),
        };
        var line = EventStoreSchemas.Reference(Document, EventStoreSchemas.Event);
        response.Content[Ndjson] = new OpenApiMediaType
        {
            Schema = follow
                ? new OpenApiSchema
                {
                    Description = "Each line is one JSON value: an event (with `metadata.position` when following), or, when following, `{\"caughtUp\":…}` once and `{\"heartbeat\":…}` when idle.",
                    AnyOf = [line, EventStoreSchemas.Reference(Document, EventStoreSchemas.FollowEvent), EventStoreSchemas.Reference(Document, EventStoreSchemas.CaughtUp), EventStoreSchemas.Reference(Document, EventStoreSchemas.Heartbeat)],
                }
                : line,
            Example = JsonValue.Create(
                """{"stream":"orders-1","payload":{"type":"OrderPlaced","orderId":"1","amount":250},"metadata":{"commitId":0,"committedAt":1795773961989,"commitVersion":0,"commitSize":1,"requestId":"req-1","streamVersion":0}}""" + "\n"),
        };
        if (follow)
        {
            response.Content[EventStream] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description =
                        "With `?follow=true` and `Accept: text/event-stream`: Server-Sent Events. An event is " +
                        "`id: <position>`, `event: event`, `data: <its NDJSON line>`; the others are `event: caughtUp` and " +
                        "`event: heartbeat` with `data: {\"caughtUp\":{…}}` / `data: {\"heartbeat\":{…}}` and `id: <P>`, so that a " +
                        "browser's automatic reconnect (`Last-Event-ID`) resumes after P.",
                },
                Example = JsonValue.Create(
                    "id: 7\nevent: event\ndata: {\"stream\":\"orders-2\",\"payload\":{\"type\":\"OrderShipped\",\"orderId\":\"2\"},\"metadata\":{\"commitId\":6,\"committedAt\":1795773962010,\"commitVersion\":0,\"commitSize\":1,\"streamVersion\":1,\"position\":7}}\n\n" +
                    "id: 7\nevent: caughtUp\ndata: {\"caughtUp\":{\"position\":7}}\n\n" +
                    "id: 7\nevent: heartbeat\ndata: {\"heartbeat\":{\"position\":7}}\n\n"),
            };
        }

        AddHeaders(response, [ResponseHeaders.CacheControl, .. headers]);
        _operation.Responses![Status(200)] = response;
        return this;
    }

    /// <summary>A binary response of <paramref name="mediaType"/> (an archive).</summary>
    public OperationDescriber BinaryResponse(int status, string description, string mediaType, params string[] headers) =>
        Response(status, description, mediaType, new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }, headers);

    public OperationDescriber NoContent(int status, string description)
    {
        _operation.Responses![Status(status)] = new OpenApiResponse { Description = description };
        return this;
    }

    /// <summary>Problem-details responses (<c>application/problem+json</c>), each with what it means for this operation.</summary>
    public OperationDescriber Problems(params (int Status, string Description)[] problems)
    {
        foreach (var (status, description) in problems)
        {
            var response = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [ProblemJson] = new OpenApiMediaType { Schema = EventStoreSchemas.Reference(Document, EventStoreSchemas.Problem) },
                },
            };
            AddHeaders(response, status switch
            {
                401 => [ResponseHeaders.WwwAuthenticate],
                405 => [ResponseHeaders.Allow],
                429 or 503 => [ResponseHeaders.RetryAfter],
                _ => [],
            });
            _operation.Responses![Status(status)] = response;
        }

        return this;
    }

    /// <summary>The operation needs no credentials (the health probe): anonymous, or any of the document's schemes.</summary>
    public OperationDescriber Anonymous()
    {
        _operation.Security = [new OpenApiSecurityRequirement(), .. EventStoreDocumentTransformer.Requirements(Document)];
        return this;
    }

    private OperationDescriber Response(int status, string description, string mediaType, IOpenApiSchema schema, string[] headers)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [mediaType] = new OpenApiMediaType { Schema = schema } },
        };
        AddHeaders(response, headers);
        _operation.Responses![Status(status)] = response;
        return this;
    }

    private OperationDescriber Parameter(string name, ParameterLocation location, string description, IOpenApiSchema schema, bool required, (string Name, string Value, string Summary)[] examples)
    {
        var parameter = new OpenApiParameter { Name = name, In = location, Description = description, Required = required, Schema = schema };
        if (examples.Length > 0)
        {
            parameter.Examples = new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
            foreach (var (exampleName, value, summary) in examples)
            {
                parameter.Examples[exampleName] = new OpenApiExample { Summary = summary, Value = JsonValue.Create(value) };
            }
        }

        _operation.Parameters!.Add(parameter);
        return this;
    }

    private async Task<IOpenApiSchema> SchemaOfAsync(Type type, CancellationToken cancellationToken)
    {
        var name = type.Name;
        Document.Components ??= new OpenApiComponents();
        Document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!Document.Components.Schemas.ContainsKey(name))
        {
            Document.Components.Schemas[name] = await _context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        }

        return new OpenApiSchemaReference(name, Document);
    }

    private static void AddHeaders(OpenApiResponse response, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            response.Headers[name] = new OpenApiHeader { Description = ResponseHeaders.Describe(name), Schema = EventStoreSchemas.String(null) };
        }
    }

    private static string Status(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
