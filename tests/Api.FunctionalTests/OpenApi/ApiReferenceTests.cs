using System.Net;
using System.Text.RegularExpressions;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.OpenApi;

/// <summary><c>GET /scalar</c>: the API reference, an HTML page whose every asset comes from this server.</summary>
public sealed partial class ApiReferenceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Reference_ServesHtmlThatReferencesOnlyLocalAssets()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/scalar/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.ContentType()?.MediaType);
        var urls = References(html);
        Assert.Contains("scalar.js", urls);
        Assert.Contains("openapi/v1.json", urls);
        Assert.All(urls, url => Assert.False(IsRemote(url), $"the page references {url}"));
        Assert.DoesNotMatch(Remote(), html);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reference_AssetsAndDocumentAreServedByTheApi()
    {
        var client = factory.CreateClient();
        var html = await client.GetStringAsync("/scalar/");

        foreach (var url in References(html).Where(url => url.EndsWith(".js", StringComparison.Ordinal)))
        {
            var asset = await client.GetAsync("/scalar/" + url.TrimStart('.', '/'));
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"/scalar/{url}: {(int)asset.StatusCode}");
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 100, url);
        }

        // The page resolves its document against the base path: the request path /scalar/ taken off the page's URL.
        Assert.Contains("'%2Fscalar%2F'", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Reference_WithoutTrailingSlash_RedirectsToThePage()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("scalar/", response.Headers.Location?.OriginalString);
    }

    /// <summary>Every <c>src</c>/<c>href</c> attribute and every <c>"url"</c> of the page's configuration.</summary>
    private static List<string> References(string html) =>
        [.. Attribute().Matches(html).Select(match => match.Groups["url"].Value), .. ConfigurationUrl().Matches(html).Select(match => match.Groups["url"].Value), .. Import().Matches(html).Select(match => match.Groups["url"].Value)];

    private static bool IsRemote(string url) =>
        url.StartsWith("//", StringComparison.Ordinal) || url.Contains("://", StringComparison.Ordinal);

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?<url>[^"']*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex Attribute();

    [GeneratedRegex(""""(?:url|favicon)"\s*:\s*"(?<url>[^"]*)"""")]
    private static partial Regex ConfigurationUrl();

    [GeneratedRegex("""import\s+[^'"]*from\s+['"](?<url>[^'"]+)['"]""")]
    private static partial Regex Import();

    [GeneratedRegex("https?://|cdn\\.", RegexOptions.IgnoreCase)]
    private static partial Regex Remote();
}
