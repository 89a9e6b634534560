using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using Xunit.Abstractions;

namespace CleanEventStore.Api.FunctionalTests.Hosting;

/// <summary>
/// SIGTERM ends every open wait at once: the real Api, with two-minute poll timeouts, open long-polls (a stream read
/// past its end, a wait on <c>_all</c>, a consumer wait) and a write load, exits with 0 long before any poll timeout,
/// and each wait is answered 503 with <c>Retry-After</c>.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ces-shutdown-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Sigterm_EndsOpenWaitsAtOnceAndExitsCleanly()
    {
        var port = ApiProcess.FreePort();
        using var server = ApiProcess.Start(
            "--urls", $"http://127.0.0.1:{port}",
            $"--EventStore:StorageDirectory={_directory}",
            "--EventStore:StreamPollTimeoutMs=120000",
            "--EventStore:ConsumerPollTimeoutMs=120000",
            "--Logging:LogLevel:Default=Warning");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Deadline };
        await server.WaitUntilHealthyAsync(client, Deadline);
        await client.CommitAsync("watched", "{\"type\":\"T\"}");
        await client.StartConsumerAsync("watcher/stream/watched", ConsumerApi.Counter);
        await client.AfterAsync("watcher", 1);

        var waits = new[]
        {
            client.GetAsync("/streams/watched/from/2"),
            client.GetAsync("/streams/_all/from/1000000"),
            client.GetAsync("/consumers/watcher/after/99"),
        };
        await WaitForOpenLongPollsAsync(client, waits.Length);
        using var stopLoad = new CancellationTokenSource();
        var load = WriteLoadAsync(port, stopLoad.Token);

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var (exitCode, _, stderr) = await server.WaitForExitAsync(Deadline);
        var elapsed = clock.Elapsed;
        await stopLoad.CancelAsync();
        var committed = await load;

        output.WriteLine($"exit {exitCode} {elapsed.TotalMilliseconds:F0} ms after SIGTERM, with {waits.Length} open waits and {committed} commits of load");
        Assert.True(exitCode == 0, $"exit code {exitCode}; stderr: {stderr}");
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"the server took {elapsed.TotalSeconds:F1} s to stop");
        foreach (var wait in waits)
        {
            var response = await wait;
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "The server is shutting down; retry the request (against another node, or once it is back).");
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        }
    }

    private static async Task WaitForOpenLongPollsAsync(HttpClient client, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
            if (health["server"]!["openLongPolls"]!.GetValue<int>() == count)
            {
                return;
            }

            Assert.True(clock.Elapsed < Deadline, $"the server did not report {count} open long-polls within {Deadline.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    /// <summary>Commits on four connections of their own until cancelled or the server goes away; returns how many were acknowledged.</summary>
    private static async Task<int> WriteLoadAsync(int port, CancellationToken cancellationToken)
    {
        var committed = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
        {
            using var writer = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Deadline };
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var response = await writer.PostJsonAsync($"/streams/load-{lane}/commit", "{\"events\":[{\"type\":\"Load\"}]}");
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        return;
                    }

                    Interlocked.Increment(ref committed);
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        }, CancellationToken.None)));
        return committed;
    }
}
