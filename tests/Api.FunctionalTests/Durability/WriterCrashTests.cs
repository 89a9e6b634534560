using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Application.Abstractions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Durability;

/// <summary>
/// Runs the real Api as a separate process, commits to it from several clients, kills it with SIGKILL in the middle
/// of the load, reopens the data directory and checks that every acknowledged commit is there, whole, and that no
/// commit is visible in part.
/// </summary>
public sealed class WriterCrashTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Commits acknowledged before the kill: enough that the kill falls into a running load, whatever the machine's speed.</summary>
    private const int AcknowledgedBeforeTheKill = 200;

    /// <summary>The longest wait for the server to start and for the load to get going: only reached when something hangs.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ces-crash-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task KillDuringLoad_EveryAcknowledgedCommitSurvivesWhole()
    {
        using var server = StartApi(out var listening);
        try
        {
            await KillDuringLoad(server, listening);
        }
        finally
        {
            if (!server.HasExited)
            {
                // The test failed before the kill: do not leave the server running.
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task KillDuringLoad(Process server, Task<Uri> listening)
    {
        using var client = new HttpClient { BaseAddress = await AddressOf(server, listening) };
        await WaitUntilHealthy(client, server);

        var acknowledged = new ConcurrentBag<(string Stream, string Id, int Size)>();
        var acknowledgedCount = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var stream = $"crash-{lane % 4}";
                var id = $"{lane}-{n}";
                var size = 1 + (n % 3);
                var events = string.Join(',', Enumerable.Range(0, size).Select(i => $"{{\"type\":\"Crash\",\"id\":\"{id}\",\"i\":{i}}}"));
                try
                {
                    var response = await client.PostJsonAsync($"/streams/{stream}/commit", $"{{\"events\":[{events}]}}");
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((stream, id, size));
                        Interlocked.Increment(ref acknowledgedCount);
                    }
                }
                catch (HttpRequestException)
                {
                    return;
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        })).ToArray();

        // Kill once the load is well under way (not after a fixed time: a slow machine acknowledges fewer commits in it).
        await Eventually.UntilAsync(
            () => Volatile.Read(ref acknowledgedCount) >= AcknowledgedBeforeTheKill || writers.All(writer => writer.IsCompleted),
            $"{AcknowledgedBeforeTheKill} acknowledged commits",
            Deadline,
            TimeSpan.FromMilliseconds(5));
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(acknowledged.Count >= AcknowledgedBeforeTheKill, $"only {acknowledged.Count} commits were acknowledged before the kill (the writers stopped early)");
        await using var services = ReopenedStore();
        var store = services.GetRequiredService<IEventStore>();

        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var position = 0L;
        await foreach (var batch in store.ReadAsync(new ReadSource.Stream(Domain.Streams.StreamName.All), new Domain.Streams.ResolvedWindow(1, long.MaxValue), null, default))
        {
            batch.ForEach(found, (line, counts) =>
            {
                using var document = JsonDocument.Parse(line.ToArray());
                var root = document.RootElement;
                var id = root.GetProperty("payload").GetProperty("id").GetString()!;
                counts[id] = counts.GetValueOrDefault(id) + 1;
                var metadata = root.GetProperty("metadata");
                Assert.Equal(++position, metadata.GetProperty("commitId").GetInt64() + metadata.GetProperty("commitVersion").GetInt64() + 1);
            });
        }

        output.WriteLine($"{acknowledged.Count} commits acknowledged before the kill, {found.Count} commits ({position} events) after reopening");
        foreach (var (stream, id, size) in acknowledged)
        {
            Assert.True(found.TryGetValue(id, out var count), $"acknowledged commit {id} to {stream} is missing after the crash");
            Assert.Equal(size, count);
        }

        foreach (var (id, count) in found)
        {
            var size = 1 + (int.Parse(id.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture) % 3);
            Assert.True(size == count, $"commit {id} is visible in part: {count} of {size} events");
        }
    }

    /// <summary>
    /// Starts the Api on a port the system picks (no port is chosen ahead and raced for) and returns it with the address
    /// it reports once it listens.
    /// </summary>
    /// <summary>Opens the data directory again the way the Api does, through the container (the engine is internal).</summary>
    private ServiceProvider ReopenedStore()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["EventStore:StorageDirectory"] = _directory })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication().AddInfrastructure(configuration);
        return services.BuildServiceProvider();
    }

    private Process StartApi(out Task<Uri> listening)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            dll,
            "--urls", "http://127.0.0.1:0",
            $"--EventStore:StorageDirectory={_directory}",
            "--EventStore:Durability=Fsync",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            // Microsoft.Hosting.Lifetime: "Now listening on: http://127.0.0.1:40123"
            const string Marker = "Now listening on: ";
            var at = line.Data?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
            if (at >= 0)
            {
                address.TrySetResult(new Uri(line.Data![(at + Marker.Length)..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        listening = address.Task;
        return process;
    }

    private static async Task<Uri> AddressOf(Process server, Task<Uri> listening)
    {
        var exited = server.WaitForExitAsync();
        var first = await Task.WhenAny(listening, exited).WaitAsync(Deadline);
        Assert.True(first == listening, "the Api process exited during start-up");
        return await listening;
    }

    private static async Task WaitUntilHealthy(HttpClient client, Process server)
    {
        await Eventually.UntilAsync(
            async () =>
            {
                Assert.False(server.HasExited, "the Api process exited during start-up");
                try
                {
                    return (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the Api process to become healthy",
            Deadline,
            TimeSpan.FromMilliseconds(50));
    }
}
