using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Security;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.OpenApi;

/// <summary>
/// With authentication on, the description is public by default (the data is not), needs a credential with
/// <c>OpenApi:RequireAuthentication=true</c>, and is gone with <c>OpenApi:Enabled=false</c>.
/// </summary>
public sealed class DocumentationAccessTests
{
    [Fact]
    public async Task WithApiKeys_TheDescriptionIsPublicAndTheDataIsNot()
    {
        using var factory = new SecuredApiFactory("ApiKey");
        var client = factory.CreateClient();

        var document = await client.GetAsync("/openapi/v1.json");
        var reference = await client.GetAsync("/scalar/");
        var script = await client.GetAsync("/scalar/scalar.js");
        var streams = await client.GetAsync("/streams");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        await streams.AssertProblemAsync(HttpStatusCode.Unauthorized);

        // The served document says that this server requires a credential (no anonymous alternative), except for /health.
        var json = JsonNode.Parse(await document.Content.ReadAsStringAsync())!;
        Assert.DoesNotContain(json["security"]!.AsArray(), requirement => requirement!.AsObject().Count == 0);
        Assert.Contains(json["paths"]!["/health"]!["get"]!["security"]!.AsArray(), requirement => requirement!.AsObject().Count == 0);
    }

    [Fact]
    public async Task RequireAuthentication_AsksForACredential()
    {
        using var factory = new SecuredApiFactory("ApiKey");
        factory.With("OpenApi:RequireAuthentication", "true");
        var client = factory.CreateClient();

        var anonymous = await client.GetAsync("/openapi/v1.json");
        var anonymousReference = await client.GetAsync("/scalar/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(factory.Credential("nobody"));
        var authenticated = await client.SendAsync(request);

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await anonymousReference.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
    }

    [Fact]
    public async Task Disabled_TheDescriptionIsNotServed()
    {
        using var factory = new ApiFactory();
        factory.With("OpenApi:Enabled", "false");
        var client = factory.CreateClient();

        await (await client.GetAsync("/openapi/v1.json")).AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route.");
        await (await client.GetAsync("/scalar/")).AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route.");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
