using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Application.Common.Options;

// The content root is the application's own folder, so appsettings.json is found wherever the server is started
// from; relative data paths (EventStore:StorageDirectory) stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:3000");
}

var maxBody = builder.Configuration.GetSection(EventStoreOptions.SectionName).GetValue<long?>(nameof(EventStoreOptions.MaxRequestBodyBytes))
    ?? new EventStoreOptions().MaxRequestBodyBytes;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = maxBody;
});

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi(builder.Configuration);

var app = builder.Build();

if (app.Configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
{
    app.UseForwardedHeaders();
}

app.UseExceptionHandler();
app.UseStatusCodePages(context =>
{
    var status = context.HttpContext.Response.StatusCode;
    var message = status switch
    {
        StatusCodes.Status404NotFound => "Unknown route.",
        StatusCodes.Status405MethodNotAllowed => $"Method {context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
        _ => ProblemTypes.Title(status) + ".",
    };
    return ProblemWriter.WriteAsync(context.HttpContext, ProblemWriter.Create(status, message)).AsTask();
});

app.MapControllers();

app.Run();

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
