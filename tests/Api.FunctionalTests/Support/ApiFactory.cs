using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>The real Api over a fresh temporary data directory (deleted on dispose).</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// The long-poll timeout of streams and consumers in these tests: short, since the timeout tests wait it out, but
    /// far above what a wake-up takes on a loaded CI machine (a consumer's long poll waits for a commit, the consumer's
    /// JavaScript and the fsyncs of its state; 300 ms once proved too short there).
    /// </summary>
    public const int PollTimeoutMs = 2000;

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public ApiFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ces-api-tests", Guid.NewGuid().ToString("N"));
        _settings["EventStore:StorageDirectory"] = DataDirectory;
        _settings["EventStore:StreamPollTimeoutMs"] = PollTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _settings["EventStore:ConsumerPollTimeoutMs"] = PollTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
