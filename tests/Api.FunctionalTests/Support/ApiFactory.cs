using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>The real Api over a fresh temporary data directory (deleted on dispose).</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// The long-poll timeout of streams and consumers in these tests. A test that expects a wait to be woken (by a
    /// commit, a consumer's progress, a delete) must not depend on it: it only ends a wait whose wake-up was lost, and
    /// that test then fails with 408. So it is far longer than anything a loaded CI machine takes to wake a wait (a
    /// consumer's wake-up includes its JavaScript and the fsyncs of its state; 300 ms once proved too short there).
    /// </summary>
    public const int PollTimeoutMs = 60_000;

    /// <summary>
    /// The long-poll timeout of <see cref="WithShortPollTimeouts"/>, for the tests that wait a timeout out (408, or 200
    /// with what was sent before it): short, since they wait it out, and nothing in them has to happen within it.
    /// </summary>
    public const int ShortPollTimeoutMs = 2000;

    /// <summary>
    /// The time limit of the consumers' JavaScript sandbox in these tests: far above what any handler in them takes, so
    /// that a handler that loops forever always ends on the statement limit, never on the clock of a loaded machine.
    /// </summary>
    public const int SandboxTimeoutMs = 10 * 60 * 1000;

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public ApiFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "ces-api-tests", Guid.NewGuid().ToString("N"));
        _settings["EventStore:StorageDirectory"] = DataDirectory;
        _settings["EventStore:StreamPollTimeoutMs"] = Invariant(PollTimeoutMs);
        _settings["EventStore:ConsumerPollTimeoutMs"] = Invariant(PollTimeoutMs);
        _settings["EventStore:ConsumerSandbox:TimeoutMs"] = Invariant(SandboxTimeoutMs);
        _settings["Logging:LogLevel:Default"] = "Warning";

        // The refusals the tests provoke on purpose would fill the output (AuditTests turns the audit log on).
        _settings["Logging:LogLevel:CleanEventStore.Audit"] = "Error";
    }

    public string DataDirectory { get; }

    /// <summary>Overrides a configuration key (before the first client is created).</summary>
    public ApiFactory With(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Sets the stream and consumer long-poll timeouts to <see cref="ShortPollTimeoutMs"/> (before the first client is created).</summary>
    public ApiFactory WithShortPollTimeouts() =>
        With("EventStore:StreamPollTimeoutMs", Invariant(ShortPollTimeoutMs)).With("EventStore:ConsumerPollTimeoutMs", Invariant(ShortPollTimeoutMs));

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

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
