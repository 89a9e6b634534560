using System.Net;
using System.Text.RegularExpressions;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Console.BrowserTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Console.BrowserTests;

/// <summary>How the console's files are served: headers, caching, UI:Enabled, the OpenAPI document, a prefix.</summary>
public sealed partial class ConsoleServingTests
{
    [Fact]
    public async Task The_page_and_its_files_carry_a_content_security_policy_an_etag_and_cache_headers()
    {
        using var server = new ApiFactory();
        using var client = server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var redirect = await client.GetAsync(new Uri("/ui", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("/ui/", redirect.Headers.Location!.OriginalString);

        var page = await client.GetAsync(new Uri("/ui/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(' ', page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl!.NoCache);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal).Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var script = ScriptReference().Match(html);
        Assert.True(script.Success, html);
        var versioned = await client.GetAsync(new Uri("/ui/" + script.Value, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal("text/javascript", versioned.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), versioned.Headers.CacheControl!.MaxAge);
        Assert.Contains("immutable", versioned.Headers.CacheControl.ToString(), StringComparison.Ordinal);
        Assert.Equal(script.Groups["hash"].Value, versioned.Headers.ETag!.Tag.Trim('"'));

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, new Uri("/ui/console.js", UriKind.Relative));
        revalidate.Headers.IfNoneMatch.Add(versioned.Headers.ETag);
        var notModified = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ui/missing.js", UriKind.Relative))).StatusCode);

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.DoesNotContain("\"/ui", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_UI_Enabled_false_there_is_no_console()
    {
        using var server = new ApiFactory();
        server.With("UI:Enabled", "false");
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ui/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/ui/console.js", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Under_a_prefix_the_console_calls_the_store_at_that_prefix()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ces-console-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["EventStore:StorageDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddCleanEventStore(builder.Configuration);
        await using var app = builder.Build();
        app.MapGet("/", () => "the host's own page");
        app.MapCleanEventStore("/events");
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/events/") };
            await client.CommitAsync("mounted-1", """[{"type":"Mounted","where":"/events"}]""");

            using var browser = new Chromium();
            browser.Open(new Uri(client.BaseAddress, "ui#/streams"));
            browser.Element("tr[data-stream='mounted-1'] a").Click();
            browser.TextOf("#events .event", "Mounted");
            Assert.EndsWith("/events/ui/#/stream/mounted-1", browser.Driver.Url, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [GeneratedRegex("console\\.js\\?v=(?<hash>[0-9a-f]{16})")]
    private static partial Regex ScriptReference();
}
