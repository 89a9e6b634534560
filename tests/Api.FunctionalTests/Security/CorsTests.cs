using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>CORS is off by default; with <c>Cors:AllowedOrigins</c> a preflight from a listed origin is answered without credentials.</summary>
public sealed class CorsTests
{
    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/streams/orders-1/commit")
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "authorization,content-type" },
        },
    };

    [Fact]
    public async Task Preflight_FromAListedOrigin_IsAllowedBeforeAuthentication()
    {
        using var factory = new SecuredApiFactory("ApiKey");
        factory.With("Cors:AllowedOrigins:0", "https://app.example");
        using var client = factory.CreateClient();

        var allowed = await client.SendAsync(Preflight("https://app.example"));
        var other = await client.SendAsync(Preflight("https://evil.example"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_ByDefault_SendsNoCorsHeaders()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/streams") { Headers = { { "Origin", "https://app.example" } } };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
