using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Security;
using CleanEventStore.Api.FunctionalTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Api.FunctionalTests.Embedding;

/// <summary>
/// <c>services.AddCleanEventStore(configuration)</c> and <c>app.MapCleanEventStore("/events")</c> in an application of
/// its own: the whole API under the prefix, with its problem details, its 404s and its security, and the host's
/// endpoints, controllers, model validation, exception page and authentication left as they were.
/// </summary>
public sealed class EmbeddingTests
{
    [Fact]
    public async Task UnderAPrefix_CommitsAndReads()
    {
        await using var host = await HostApp.StartAsync();
        var client = host.Client;

        var commit = await client.PostJsonAsync("/events/streams/orders-1/commit", """{"events":[{"type":"OrderPlaced","orderId":"1"}],"expectedVersion":"empty"}""");
        var conflict = await client.PostJsonAsync("/events/streams/orders-1/commit", """{"events":[{"type":"OrderPlaced","orderId":"1"}],"expectedVersion":"empty"}""");
        var read = await client.GetAsync("/events/streams/orders-1");
        var all = await client.ReadLinesAsync("/events/streams/_all/from/1");
        var version = await (await client.GetAsync("/events/streams/orders-1/version")).JsonAsync();
        var health = await client.GetAsync("/events/health");

        Assert.Equal(HttpStatusCode.Created, commit.StatusCode);
        Assert.Equal(0, (await commit.JsonAsync())["commitId"]!.GetValue<long>());
        var problem = await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "Optimistic Concurrency error. Expected stream \"orders-1\" at version 0 but is at version 1.");
        Assert.Equal("/events/streams/orders-1/commit", problem["instance"]!.GetValue<string>());
        Assert.Equal("application/x-ndjson", read.ContentType()?.MediaType);
        Assert.Equal(["1"], (await read.LinesAsync()).Field("payload.orderId"));
        Assert.Single(all);
        Assert.Equal(1, version["version"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task UnderAPrefix_TheStoresOwnErrorsAreProblemDetails()
    {
        await using var host = await HostApp.StartAsync();
        var client = host.Client;

        var unknown = await client.GetAsync("/events/no-such-route");
        var missing = await client.GetAsync("/events/streams/missing-1");
        var wrongMethod = await client.DeleteAsync("/events/health");
        var badWindow = await client.GetAsync("/events/streams/orders-1/from/0");
        var notJson = await client.PostAsync("/events/streams/orders-1/commit", new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal("/events/no-such-route", (await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route."))["instance"]!.GetValue<string>());
        Assert.Equal("/events/streams/missing-1", (await missing.AssertProblemAsync(HttpStatusCode.NotFound, "Stream \"missing-1\" does not exist."))["instance"]!.GetValue<string>());
        await wrongMethod.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "Method DELETE is not allowed on /events/health.");
        await badWindow.AssertProblemAsync(HttpStatusCode.BadRequest, "from must not be 0.");
        await notJson.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task TheHostsEndpointsAndErrorHandlingStayTheHosts()
    {
        await using var host = await HostApp.StartAsync();
        var client = host.Client;

        var hello = await client.GetStringAsync("/hello");
        var greetings = await client.GetStringAsync("/greetings");
        var invalid = await client.PostAsync("/greetings", new StringContent("{}", Encoding.UTF8, "application/json"));
        var boom = await client.GetAsync("/boom");
        var hostNotFound = await client.GetAsync("/nothing-here");

        Assert.Equal("hello from the host", hello);
        Assert.Equal("hi", greetings);

        // MVC's automatic 400 for the host's controller: the store turns the model-state filter off for its own only.
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.NotNull(JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!["errors"]!["Name"]);

        // The host's exception page, not the store's problem details; the host's bare 404, not the store's.
        Assert.Equal(HttpStatusCode.InternalServerError, boom.StatusCode);
        Assert.Equal(HostApp.HostErrorPage, await boom.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, hostNotFound.StatusCode);
        Assert.NotEqual("application/problem+json", hostNotFound.ContentType()?.MediaType);
    }

    [Fact]
    public async Task TheStoresRoutesAreOnlyUnderThePrefix_AndTheHostsNotUnderIt()
    {
        await using var host = await HostApp.StartAsync();
        var client = host.Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/events/streams/orders-2/commit", """{"events":[{"type":"OrderPlaced"}]}""")).StatusCode);

        // The host's MapControllers also sees the store's controllers: they are not served outside the prefix...
        var rootStreams = await client.GetAsync("/streams/orders-2");
        var rootCommit = await client.PostJsonAsync("/streams/orders-3/commit", """{"events":[{"type":"A"}]}""");
        var rootHealth = await client.GetAsync("/health");

        // ...and the host's controller is not served inside it.
        var prefixedGreetings = await client.GetAsync("/events/greetings");
        var prefixedHello = await client.GetAsync("/events/hello");

        Assert.Equal(HttpStatusCode.NotFound, rootStreams.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rootCommit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rootHealth.StatusCode);
        await prefixedGreetings.AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route.");
        await prefixedHello.AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route.");
        Assert.Equal(["orders-2"], (await client.ReadLinesAsync("/events/streams/_all")).Field("stream"));
    }

    [Fact]
    public async Task UnderAPrefix_TheDescriptionIsTheStoresAndPointsAtThePrefix()
    {
        await using var host = await HostApp.StartAsync();
        var client = host.Client;

        var document = JsonNode.Parse(await client.GetStringAsync("/events/openapi/v1.json"))!;
        var page = await client.GetStringAsync("/events/scalar/");

        Assert.Equal("/events", document["servers"]![0]!["url"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(path => path.Key).ToList();
        Assert.Contains("/streams/{path}", paths);
        Assert.DoesNotContain("/greetings", paths);
        Assert.DoesNotContain("/hello", paths);

        // The page takes /scalar/ off its own URL (/events/scalar/) and loads the document from /events/openapi/v1.json.
        Assert.Contains("'%2Fscalar%2F'", page, StringComparison.Ordinal);
        Assert.Contains("\"url\":\"openapi/v1.json\"", page, StringComparison.Ordinal);

        // The host's own document (the default "v1", at the root) lists the host's routes and none of the store's.
        var hostDocument = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var hostPaths = hostDocument["paths"]!.AsObject().Select(path => path.Key).ToList();
        Assert.Contains("/greetings", hostPaths);
        Assert.Contains("/hello", hostPaths);
        Assert.DoesNotContain(hostPaths, path => path.StartsWith("/streams", StringComparison.Ordinal) || path.StartsWith("/consumers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnderAPrefix_TheStoresSecurityGuardsTheStoreOnly()
    {
        var key = SecuredApiFactory.KeyOf("admin");
        await using var host = await HostApp.StartAsync(
            ("Auth:Mode", "ApiKey"),
            ("Auth:ApiKeys:0:Name", "admin"),
            ("Auth:ApiKeys:0:Key", key),
            ("Auth:ApiKeys:0:Scopes:0", "admin"));
        var client = host.Client;

        var anonymous = await client.GetAsync("/events/streams");
        var health = await client.GetAsync("/events/health");
        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/events/streams");
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var authenticated = await client.SendAsync(withKey);
        var hostHello = await client.GetAsync("/hello");
        using var hostWithKey = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        hostWithKey.Headers.Add("X-Api-Key", key);
        var whoami = await client.SendAsync(hostWithKey);

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hostHello.StatusCode);

        // The store's key authenticates nothing of the host's.
        Assert.Equal("anonymous", await whoami.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MapCleanEventStore_RefusesAMalformedPrefixAndASecondMount()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddCleanEventStore(builder.Configuration);
        await using var app = builder.Build();

        Assert.Throws<ArgumentException>(() => app.MapCleanEventStore("events"));
        Assert.Throws<ArgumentException>(() => app.MapCleanEventStore("/events/"));
        app.MapCleanEventStore("/store");
        Assert.Throws<InvalidOperationException>(() => app.MapCleanEventStore("/other"));
    }
}
