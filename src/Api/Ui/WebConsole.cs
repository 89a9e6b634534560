using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CleanEventStore.Api.Ui;

/// <summary>
/// The web console at <c>/ui</c> (relative to the store's prefix): static files embedded in the Api (no framework, no
/// build step, nothing from the internet), which call the API with relative URLs, so the same files work at the root
/// and under <c>MapCleanEventStore(prefix)</c>. The files hold no data: they are anonymous, and every call the console
/// makes is authorized as any other. Not part of the OpenAPI document.
/// </summary>
public static class WebConsole
{
    /// <summary>The console's path, relative to the store's prefix.</summary>
    public const string BasePath = "/ui";

    /// <summary>
    /// The policy of every console response: scripts, styles and connections to this origin only, no frames, no inline
    /// script (the console has none).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

    private const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>
    /// Whether <paramref name="path"/> (relative to the store's prefix) is the console's page or one of its files:
    /// <c>/ui</c>, <c>/ui/</c> and <c>/ui/&lt;an embedded file&gt;</c>, nothing else.
    /// </summary>
    public static bool IsConsoleFile(PathString path)
    {
        if (!path.StartsWithSegments(BasePath, StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return false;
        }

        return !rest.HasValue || rest.Value == "/" || WebConsoleAssets.Instance.Find(rest.Value![1..]) is not null;
    }

    internal static IServiceCollection AddWebConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebConsoleOptions>().Bind(configuration.GetSection(WebConsoleOptions.SectionName));
        return services;
    }

    /// <summary>Maps <c>/ui</c> (a redirect to <c>/ui/</c>) and <c>/ui/{file}</c>, unless <c>UI:Enabled</c> is false.</summary>
    internal static void MapWebConsole(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<WebConsoleOptions>>().Value.Enabled)
        {
            return;
        }

        endpoints.MapMethods(BasePath, [HttpMethods.Get, HttpMethods.Head], RedirectToPage).ExcludeFromDescription();
        endpoints.MapMethods(BasePath + "/{**file}", [HttpMethods.Get, HttpMethods.Head], Serve).ExcludeFromDescription();
    }

    /// <summary>Whether the store serves the console (for the authentication gate's anonymous routes).</summary>
    internal static bool IsEnabled(IServiceProvider services) =>
        services.GetService<IOptions<WebConsoleOptions>>()?.Value.Enabled ?? false;

    // Routing matches /ui/ here too: that is the page itself.
    private static Task RedirectToPage(HttpContext context)
    {
        if (context.Request.Path.Value!.EndsWith('/'))
        {
            return Serve(context, null);
        }

        context.Response.Redirect(context.Request.PathBase + BasePath + "/" + context.Request.QueryString);
        return Task.CompletedTask;
    }

    private static async Task Serve(HttpContext context, string? file)
    {
        var asset = WebConsoleAssets.Instance.Find(string.IsNullOrEmpty(file) ? WebConsoleAssets.Index : file);
        var response = context.Response;
        if (asset is null)
        {
            // The pipeline's status-code page turns it into the store's problem details ("Unknown route.").
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ETag = asset.ETag;

        // A reference with the file's own hash never changes; the page itself and unversioned requests revalidate.
        var versioned = context.Request.Query.TryGetValue("v", out var version) && version == asset.Hash;
        headers.CacheControl = versioned ? Immutable : "no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch && Matches(ifNoneMatch, asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.MediaType;
        response.ContentLength = asset.Content.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(asset.Content, context.RequestAborted);
        }
    }

    private static bool Matches(string ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Trim() == "*")
        {
            return true;
        }

        return EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags) && tags.Any(tag => tag.Tag == etag);
    }
}
