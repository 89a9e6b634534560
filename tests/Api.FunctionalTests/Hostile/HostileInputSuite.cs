using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// A seeded, bounded fuzz run against a real server on a Kestrel socket: a few thousand generated requests
/// (<see cref="RequestGenerator"/>: every route, valid and broken names, windows, bodies, headers and query strings),
/// each of which must be answered within <see cref="RequestDeadline"/> (no hang) with a 2xx or a 4xx problem (no 5xx,
/// see <see cref="ResponseOracle"/>), and each refusal must leave the log and the stream list as they were
/// (<see cref="StoreSnapshot"/>). A failure prints the seed, the request's index, the request and the answer; the
/// same seed replays the same sequence (<see cref="FuzzSettings"/>). The requests go one at a time, so a snapshot
/// taken after a request sees only what that request did. <see cref="HostileInputTests"/> runs it without
/// authentication, <see cref="AuthenticatedHostileInputTests"/> with API keys, sending every request once per
/// credential (<see cref="HeaderSet"/>).
/// </summary>
public abstract class HostileInputSuite : IDisposable
{
    /// <summary>The server's body limit: small, so a 413 is cheap; above the 64 KiB handler limit, so that limit is reachable.</summary>
    private const long MaxRequestBodyBytes = 131_072;

    /// <summary>The server's long-poll timeouts: a read past the end answers 200 or 408 after this long.</summary>
    private const int PollTimeoutMs = 100;

    /// <summary>The server's statement limit for handlers: low, so that it ends every endless loop fast (the clock is <see cref="ApiFactory.SandboxTimeoutMs"/>).</summary>
    private const int SandboxMaxStatements = 10_000;

    /// <summary>A run stops after this many failures (each one is reported).</summary>
    private const int MaxFailures = 10;

    /// <summary>How long one answer may take: far above a long-poll timeout, so that only a hang reaches it.</summary>
    private static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(15);

    private readonly KestrelApiFactory _factory = new();
    private readonly ITestOutputHelper _output;
    private readonly HeaderSet[] _headerSets;
    private readonly int _requests;
    private readonly string? _snapshotAuthorization;

    /// <param name="output">The test's output.</param>
    /// <param name="headerSets">Every request is sent once per set (the credentials dimension).</param>
    /// <param name="requests">Generated requests by default (each sent once per set).</param>
    /// <param name="settings">More configuration of the server (authentication).</param>
    /// <param name="snapshotAuthorization">The credential the store snapshots are taken with (an administrator's), or null.</param>
    protected HostileInputSuite(ITestOutputHelper output, HeaderSet[] headerSets, int requests, IReadOnlyDictionary<string, string> settings, string? snapshotAuthorization)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _output = output;
        _headerSets = headerSets;
        _requests = requests;
        _snapshotAuthorization = snapshotAuthorization;
        foreach (var (key, value) in settings)
        {
            _factory.With(key, value);
        }

        _factory
            .With("EventStore:StreamPollTimeoutMs", Invariant(PollTimeoutMs))
            .With("EventStore:ConsumerPollTimeoutMs", Invariant(PollTimeoutMs))
            .With("EventStore:MaxRequestBodyBytes", Invariant(MaxRequestBodyBytes))
            .With("EventStore:ConsumerSandbox:MaxStatements", Invariant(SandboxMaxStatements))
            .With("EventStore:ConsumerSandbox:TimeoutMs", Invariant(ApiFactory.SandboxTimeoutMs))
            .With("EventStore:Durability", "OsBuffered");
    }

    public void Dispose()
    {
        _factory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RandomRequests_AreAnsweredInTime_WithA2xxOrA4xxProblem_AndRefusalsWriteNothing()
    {
        var settings = FuzzSettings.FromEnvironment(_requests);
        _output.WriteLine($"seed {settings.Seed}, {settings.Requests} requests × {_headerSets.Length} header set(s), deadline {settings.Deadline.TotalSeconds:0} s (override with {FuzzSettings.SeedVariable}, {FuzzSettings.RequestsVariable})");

        using var client = CreateClient();
        using var snapshots = CreateClient();
        if (_snapshotAuthorization is not null)
        {
            snapshots.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", _snapshotAuthorization);
        }

        var generator = new RequestGenerator(settings.Seed, MaxRequestBodyBytes);
        var statistics = new FuzzStatistics(TimeSpan.FromMilliseconds(PollTimeoutMs));
        var failures = new List<string>();
        var snapshot = await StoreSnapshot.TakeAsync(snapshots);
        var run = Stopwatch.StartNew();
        for (var index = 0; index < settings.Requests && failures.Count < MaxFailures; index++)
        {
            if (run.Elapsed > settings.Deadline)
            {
                failures.Add($"The run passed its deadline of {settings.Deadline.TotalSeconds:0} s after {index} of {settings.Requests} requests.");
                break;
            }

            var request = generator.Next();
            foreach (var headerSet in _headerSets)
            {
                var context = new FailureContext(settings, index, request, headerSet);
                var (status, failure) = await SendAndCheckAsync(client, context, statistics);

                StoreSnapshot after;
                try
                {
                    after = await StoreSnapshot.TakeAsync(snapshots);
                }
                catch (Exception exception) when (exception is XunitException or HttpRequestException or TaskCanceledException)
                {
                    failures.Add(context.Describe($"left the store unreadable (GET /streams/_all/version, GET /streams): {exception.Message}", failure ?? $"HTTP {status}"));
                    break;
                }

                if (failure is null && status is < 200 or >= 300 && after != snapshot)
                {
                    failure = context.Describe($"answered {status} but changed the store", $"before: {snapshot}\nafter:  {after}");
                }

                if (failure is not null)
                {
                    failures.Add(failure);
                }

                snapshot = after;
            }
        }

        _output.WriteLine($"{statistics.Sent} requests in {run.Elapsed.TotalSeconds:0.0} s");
        _output.WriteLine(statistics.ToString());
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s) (a run stops at {MaxFailures}); seed {settings.Seed}:\n\n{string.Join("\n\n", failures)}");
        if (settings.Requests >= 1000)
        {
            // The generator must reach past the first checks (with a credential that may), or the run proves little.
            Assert.True(statistics.Count("commit", 201) > 20, $"too few accepted commits:\n{statistics}");
            Assert.True(statistics.Count("read stream", 200) > 20, $"too few successful reads:\n{statistics}");
        }
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        };
        return new HttpClient(handler) { BaseAddress = _factory.Client.BaseAddress, Timeout = RequestDeadline };
    }

    /// <summary>Sends one request and checks its answer; the failure (null if none) is described for a replay.</summary>
    private async Task<(int Status, string? Failure)> SendAndCheckAsync(HttpClient client, FailureContext context, FuzzStatistics statistics)
    {
        using var message = context.Request.ToMessage(_factory.RawPath, context.HeaderSet);
        var elapsed = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
        }
        catch (TaskCanceledException exception) when (exception.InnerException is TimeoutException)
        {
            statistics.Add(context.Request, 0, elapsed.Elapsed);
            return (0, context.Describe($"got no answer within {RequestDeadline.TotalSeconds:0} s (a hang)", "(none)"));
        }
        catch (HttpRequestException exception)
        {
            statistics.Add(context.Request, 0, elapsed.Elapsed);
            return (0, context.Describe($"got no answer: {exception.Message} {exception.InnerException?.Message}", "(none)"));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync();
            if (await ResponseOracle.CheckAsync(context.Request, response) is { } failure)
            {
                statistics.Add(context.Request, status, elapsed.Elapsed);
                return (status, context.Describe(failure, $"HTTP {status} {response.Content.Headers.ContentType}\n{FuzzRequest.Show(body)}"));
            }

            var kestrel = ResponseOracle.IsKestrelRejection(context.Request, response);
            statistics.Add(context.Request, status, elapsed.Elapsed, kestrel ? "(refused by Kestrel's HTTP parser: a bare 400)" : Error(status, body));
            return (status, null);
        }
    }

    /// <summary>The <c>error</c> of a 4xx problem, for the summary.</summary>
    private static string? Error(int status, byte[] body)
    {
        if (status < 400 || body.Length == 0)
        {
            return null;
        }

        return JsonNode.Parse(body)?["error"]?.GetValue<string>();
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
