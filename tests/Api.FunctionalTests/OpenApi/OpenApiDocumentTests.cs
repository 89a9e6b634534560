using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CleanEventStore.Api.FunctionalTests.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c> from the running Api: an OpenAPI 3.1 document that lists exactly the routes the Api
/// serves (taken from its endpoint data source, not from a list kept by hand), with the commit's headers and problems,
/// the follow parameters and media types, and the authentication schemes.
/// </summary>
public sealed partial class OpenApiDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    [Fact]
    public async Task Document_IsOpenApi31Json()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.ContentType()?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_ParsesWithoutErrors()
    {
        var json = await factory.CreateClient().GetStringAsync("/openapi/v1.json");

        var result = OpenApiDocument.Parse(json, "json", new OpenApiReaderSettings());

        Assert.NotNull(result.Document);
        Assert.True(result.Diagnostic is null || result.Diagnostic.Errors.Count == 0, string.Join("; ", result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, result.Diagnostic!.SpecificationVersion);
    }

    [Fact]
    public async Task Document_ListsEveryRouteTheApiServes()
    {
        var document = await DocumentAsync();
        var served = new SortedSet<string>(StringComparer.Ordinal);
        var undocumented = new List<string>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = Template(endpoint.RoutePattern.RawText!);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.NotEmpty(methods);
            if (Deliberately(endpoint, path))
            {
                undocumented.Add(path);
                continue;
            }

            foreach (var method in methods)
            {
                served.Add($"{method.ToUpperInvariant()} {path}");
            }
        }

        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject().Where(member => HttpMethods.Contains(member.Key)))
            {
                documented.Add($"{method.ToUpperInvariant()} {path}");
            }
        }

        Assert.True(served.Count >= 15, string.Join(", ", served));
        Assert.Equal(served, documented);
        Assert.Contains("/openapi/v1.json", undocumented);
        Assert.Contains("/consumers/{path}", undocumented);
        Assert.Contains("/health/ready", undocumented);
        Assert.Contains("/metrics", undocumented);
        Assert.Contains("/ui", undocumented);
    }

    [Fact]
    public async Task EveryOperation_HasAnIdASummaryAndProblemDetails()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in Operations(await DocumentAsync()))
        {
            var name = $"{method} {path}";
            Assert.True(ids.Add(operation["operationId"]!.GetValue<string>()), name);
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), name);
            Assert.NotEmpty(operation["tags"]!.AsArray());
            var responses = operation["responses"]!.AsObject();
            Assert.Contains(responses, response => response.Key.StartsWith('2'));
            // Every 4xx and the 500 are problem details (the health routes' 503 is their JSON body, degraded).
            var problems = responses.Where(response => response.Key[0] == '4' || response.Key == "500").ToList();
            Assert.True(problems.Count >= 1, name);
            Assert.Contains(problems, problem => problem.Key == "500");
            Assert.All(problems, problem => Assert.Equal(
                "#/components/schemas/Problem",
                problem.Value!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Commit_DocumentsIdempotencyKeyConflictsAndTooLarge()
    {
        var commit = (await DocumentAsync())["paths"]!["/streams/{path}"]!["post"]!;

        var parameters = commit["parameters"]!.AsArray();
        Assert.Contains(parameters, p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
        Assert.Contains(parameters, p => p!["name"]!.GetValue<string>() == "path" && p["examples"]!["commit"]!["value"]!.GetValue<string>() == "orders-1/commit");
        var responses = commit["responses"]!;
        Assert.NotNull(responses["201"]!["headers"]!["Idempotent-Replayed"]);
        Assert.Equal("#/components/schemas/CommitResult", responses["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        foreach (var status in new[] { "409", "413", "422", "400" })
        {
            Assert.NotNull(responses[status]!["content"]!["application/problem+json"]);
        }

        Assert.Equal("#/components/schemas/CommitRequest", commit["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reads_DocumentThePathGrammarFollowAndTheirMediaTypes()
    {
        var document = await DocumentAsync();
        var read = document["paths"]!["/streams/{path}"]!["get"]!;
        var query = document["paths"]!["/query/from/{revision}"]!["post"]!;

        var description = read["description"]!.GetValue<string>();
        foreach (var part in new[] { "join[window]", "category/{category}[window]", "{stream}/version", "/from/{n}", "/backwards/{k}", "_all", "caughtUp", "heartbeat" })
        {
            Assert.Contains(part, description, StringComparison.Ordinal);
        }

        foreach (var operation in new[] { read, query })
        {
            var names = operation["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
            Assert.Contains("follow", names);
            Assert.Contains("after", names);
            Assert.Contains("Last-Event-ID", names);
            Assert.Contains("filter", names);
            var content = operation["responses"]!["200"]!["content"]!.AsObject();
            Assert.True(content.ContainsKey("application/x-ndjson"));
            Assert.True(content.ContainsKey("text/event-stream"));
        }

        Assert.True(read["responses"]!["200"]!["content"]!.AsObject().ContainsKey("application/json"));
        Assert.NotNull(read["responses"]!["200"]!["headers"]!["x-event-store-version"]);
        Assert.NotNull(query["responses"]!["200"]!["headers"]!["x-event-store-query-condition"]);
        Assert.NotNull(document["components"]!["schemas"]!["CaughtUp"]);
        Assert.Equal(
            "integer",
            document["components"]!["schemas"]!["FollowEvent"]!["properties"]!["metadata"]!["properties"]!["position"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_DescribesBothAuthenticationSchemes()
    {
        var document = await DocumentAsync();

        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("apiKey", schemes["ApiKey"]!["type"]!.GetValue<string>());
        Assert.Equal("header", schemes["ApiKey"]!["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("http", schemes["Bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", schemes["Bearer"]!["bearerFormat"]!.GetValue<string>());

        // Auth:Mode=None here: either scheme, or none.
        var security = document["security"]!.AsArray();
        Assert.Contains(security, requirement => requirement!.AsObject().Count == 0);
        Assert.Contains(security, requirement => requirement!["ApiKey"] is not null);
        Assert.Contains(security, requirement => requirement!["Bearer"] is not null);
    }

    [Fact]
    public async Task ResponseSchemas_SayWhatTheApiWrites()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        // Numbers as numbers (the API's own JSON context), members that are left out when null not required.
        var consumer = schemas["ConsumerResponse"]!;
        Assert.Equal("integer", consumer["properties"]!["position"]!["type"]!.GetValue<string>());
        var required = consumer["required"]!.AsArray().Select(name => name!.GetValue<string>()).ToList();
        Assert.Contains("position", required);
        Assert.DoesNotContain("error", required);
    }

    private async Task<JsonNode> DocumentAsync() =>
        JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(member => HttpMethods.Contains(member.Key)))
            {
                yield return (path, method, operation!);
            }
        }
    }

    /// <summary>
    /// The endpoints that are not operations on purpose: the description itself (the document and the reference, marked
    /// excluded from descriptions) and the consumer routes' 404/405 answerer (<see cref="EventStoreOpenApi.IsUndocumented"/>).
    /// </summary>
    private static bool Deliberately(RouteEndpoint endpoint, string path)
    {
        if (endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action)
        {
            return EventStoreOpenApi.IsUndocumented(action.MethodInfo);
        }

        // The description itself, the operators' endpoints (the probes and the Prometheus scrape) and the web console's
        // files (/ui) are left out on purpose: they are not operations of the API.
        var literal = new PathString(path.Split('{')[0].TrimEnd('/') is { Length: > 0 } prefix ? prefix : path);
        return endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }
            && (path is "/health/live" or "/health/ready" or "/metrics"
                || EventStoreOpenApi.IsDocumentation(literal)
                || CleanEventStore.Api.Ui.WebConsole.IsConsoleFile(literal));
    }

    /// <summary>A route pattern as an OpenAPI path template: <c>streams/{**path}</c> is <c>/streams/{path}</c>.</summary>
    private static string Template(string pattern) => "/" + Parameter().Replace(pattern.TrimStart('/'), match => "{" + match.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Parameter();
}
