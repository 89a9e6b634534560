using CleanEventStore.Api.Hosting;
using CleanEventStore.Application.Common.Options;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

// A failed start (invalid configuration, a data directory another server holds, a store that cannot be opened, a
// listen address in use) ends the process with one line on stderr and a StartupExitCode, without a stack trace.
// Exceptions after the start are logged and end the process as usual.
var logGate = new StartupLogGate();
WebApplication app;
try
{
    app = Build(args, logGate);
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    // HostAbortedException is how WebApplicationFactory stops this entry point once it has the built host.
    return StartupFailure.WhileBuilding(exception).Report(Console.Error);
}

try
{
    await app.StartAsync();
}
catch (Exception exception)
{
    return await ReportFailedStart(app, exception);
}

try
{
    await app.WaitForShutdownAsync();
}
finally
{
    await app.DisposeAsync();
}

return 0;

static async Task<int> ReportFailedStart(WebApplication app, Exception exception)
{
    var failure = StartupFailure.WhileStarting(exception);
    var exitCode = failure.Report(Console.Error);
    try
    {
        try
        {
            failure.LogDetails(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<StartupFailure>(), exception);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
    catch (Exception)
    {
        // Best effort after the report: closing what did open (the store, the consumers) must not add a stack trace
        // to the one line. The process ends with the failure's code either way, and the OS releases the data
        // directory lock and the files.
    }

    return exitCode;
}

static WebApplication Build(string[] args, StartupLogGate logGate)
{
    // The content root is the application's own folder, so appsettings.json is found wherever the server is started
    // from; relative data paths (EventStore:StorageDirectory) stay relative to the working directory.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.Services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>>(logGate);

    if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    {
        builder.WebHost.UseUrls("http://127.0.0.1:3000");
    }

    builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

    // Kestrel:Limits:* (connections, headers, timeouts; appsettings.json sets them) like Kestrel:Endpoints.
    builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));

    // From the bound and validated options, so that a bad value fails the start like any other invalid option.
    builder.Services.AddOptions<KestrelServerOptions>()
        .Configure<IOptions<EventStoreOptions>>((kestrel, store) => kestrel.Limits.MaxRequestBodySize = store.Value.MaxRequestBodyBytes);

    builder.Services.AddCleanEventStore(builder.Configuration);

    var app = builder.Build();
    app.Lifetime.ApplicationStarted.Register(logGate.Open);

    if (app.Configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
    {
        app.UseForwardedHeaders();
    }

    // The store at the root: it owns the whole pipeline (exceptions, 404/405, HTTPS and CORS, security, routes).
    app.MapCleanEventStore();
    return app;
}

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
