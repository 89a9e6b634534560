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
            Task.Run(WaitUntilTheStoreIsClosedAsync).GetAwaiter().GetResult();
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

    /// <summary>
    /// Waits until the store has released its data directory (its <c>LOCK</c> file is free). The base class's Dispose
    /// can return before that: the application's own <c>app.Run()</c> stops and disposes the same host, and the second
    /// disposal of its container returns at once while the first is still closing the store (dotnet/aspnetcore#40271).
    /// A test that then reopens the directory (a restart) or deletes it would race with the closing store.
    /// </summary>
    private async Task WaitUntilTheStoreIsClosedAsync()
    {
        var lockFile = Path.Combine(_settings["EventStore:StorageDirectory"]!, "LOCK");
        await Eventually.UntilAsync(
            () =>
            {
                try
                {
                    using var probe = File.OpenHandle(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                    return true;
                }
                catch (FileNotFoundException)
                {
                    return true;
                }
                catch (DirectoryNotFoundException)
                {
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            },
            $"the store to release {lockFile}");
    }
}
