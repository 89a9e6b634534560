using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.File;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Durability;

/// <summary>
/// Runs the real Api as a separate process, commits to it from several clients, kills it with SIGKILL in the middle
/// of the load, reopens the data directory and checks that every acknowledged commit is there, whole, and that no
/// commit is visible in part.
/// </summary>
public sealed class WriterCrashTests(ITestOutputHelper output) : IDisposable
{
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
        var port = FreePort();
        using var server = StartApi(port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilHealthy(client, server);

        var acknowledged = new ConcurrentBag<(string Stream, string Id, int Size)>();
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

        await Task.Delay(1500);
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} commits were acknowledged before the kill");
        var options = new EventStoreOptions { StorageDirectory = _directory };
        await using var store = FileEventStore.Open(
            options, new MatcherParser(Microsoft.Extensions.Options.Options.Create(options)), new EventFilterFactory(), TimeProvider.System, NullLogger<FileEventStore>.Instance);

        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var position = 0L;
        await foreach (var batch in store.ReadAsync(new Application.Abstractions.Storage.ReadSource.Stream(Domain.Streams.StreamName.All), new Domain.Streams.ResolvedWindow(1, long.MaxValue), null, default))
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

    private Process StartApi(int port)
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
            "--urls", $"http://127.0.0.1:{port}",
            $"--EventStore:StorageDirectory={_directory}",
            "--EventStore:Durability=Fsync",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilHealthy(HttpClient client, Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(server.HasExited, "the Api process exited during start-up");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail("the Api process did not become healthy within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
