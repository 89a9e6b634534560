using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CleanEventStore.Api.FunctionalTests.Embedding;

/// <summary>
/// An application of its own (built here with <c>WebApplication.CreateBuilder</c> on a test server) that embeds the store:
/// a minimal endpoint, a controller with model validation, an endpoint that throws into the host's own exception page,
/// one that tells whether the host authenticated the request, its own OpenAPI document (<c>/openapi/v1.json</c>, the
/// default <c>v1</c>), and the store mounted under <see cref="Prefix"/>.
/// </summary>
public sealed class HostApp : IAsyncDisposable
{
    public const string Prefix = "/events";
    public const string HostErrorPage = "the host's own error page";

    private readonly WebApplication _app;

    private HostApp(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<HostApp> StartAsync(params (string Key, string Value)[] settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ces-host-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["EventStore:StorageDirectory"] = dataDirectory,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:CleanEventStore.Audit"] = "Error",
            }.Concat(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))));

        // The host's own MVC: its controllers, with MVC's defaults (automatic 400 for an invalid model).
        builder.Services.AddControllers().AddApplicationPart(typeof(HostGreetingsController).Assembly);
        builder.Services.AddOpenApi();
        builder.Services.AddCleanEventStore(builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(HostErrorPage);
        }));
        app.MapGet("/hello", () => "hello from the host");
        app.MapGet("/boom", string () => throw new InvalidOperationException("the host failed"));
        app.MapGet("/whoami", (HttpContext context) => context.User.Identity?.IsAuthenticated == true ? "authenticated" : "anonymous");
        app.MapControllers();
        app.MapOpenApi();
        app.MapCleanEventStore(Prefix);
        await app.StartAsync();
        return new HostApp(app, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A controller of the host application.</summary>
[ApiController]
[Route("greetings")]
public sealed class HostGreetingsController : ControllerBase
{
    [HttpGet]
    public IActionResult Get() => Content("hi");

    [HttpPost]
    public IActionResult Post(Greeting greeting) => Content("hello " + greeting.Name);
}

/// <summary>The host's model, validated by MVC.</summary>
public sealed record Greeting([Required] string? Name);
