using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>The real Api over a fresh temporary data directory (deleted on dispose).</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public ApiFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ces-api-tests", Guid.NewGuid().ToString("N"));
        _settings["EventStore:StorageDirectory"] = DataDirectory;
        _settings["EventStore:StreamPollTimeoutMs"] = "300";
        _settings["EventStore:ConsumerPollTimeoutMs"] = "300";
        _settings["Logging:LogLevel:Default"] = "Warning";
    }

    public string DataDirectory { get; }

    /// <summary>Overrides a configuration key (before the first client is created).</summary>
    public ApiFactory With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var setting in _settings)
        {
            builder.UseSetting(setting.Key, setting.Value);
        }

        builder.UseEnvironment("Testing");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
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
}
