using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// The follow benchmark (bench/follow/run.sh starts the server and passes its address and pid):
//   idle   --followers 1000 --seconds 10 : RSS of the server before and after opening that many idle stream followers,
//                                           and its CPU over the window while they get heartbeats
//   active --followers 100 --writers 16 --seconds 10 : single-event commits/s without followers, then with that many
//                                           _all followers, and how late each event reaches each follower
var options = Options.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
})
{
    BaseAddress = options.Url,
    Timeout = Timeout.InfiniteTimeSpan,
};

return options.Mode switch
{
    "idle" => await Idle(),
    "active" => await Active(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FollowBench idle|active --url http://127.0.0.1:3000 --pid <server pid> [--followers N] [--writers N] [--seconds N]");
    return 2;
}

async Task<int> Idle()
{
    var n = options.Followers;
    await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        await Commit($"idle-{i}", "{\"type\":\"Idle\"}"));
    await Task.Delay(2000);
    var rssBefore = Proc.RssBytes(options.Pid);
    using var stop = new CancellationTokenSource();
    var followers = Enumerable.Range(0, n).Select(i => new Follower(http, $"/streams/idle-{i}?follow=true", stop.Token)).ToArray();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(followers.Select(f => f.CaughtUp));
    var openMs = clock.ElapsedMilliseconds;
    await Task.Delay(3000);
    var rssAfter = Proc.RssBytes(options.Pid);
    var heartbeats0 = followers.Sum(f => f.Heartbeats);
    var cpu0 = Proc.CpuTicks(options.Pid);
    var window = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
    var cpu1 = Proc.CpuTicks(options.Pid);
    var seconds = window.Elapsed.TotalSeconds;
    var heartbeats = followers.Sum(f => f.Heartbeats) - heartbeats0;
    var rssEnd = Proc.RssBytes(options.Pid);
    var health = await http.GetStringAsync("/health");
    await stop.CancelAsync();
    Console.WriteLine($"idle followers: {n} (stream followers, one stream each), all caught up {openMs} ms after the first request");
    Console.WriteLine($"server RSS: {Mb(rssBefore)} MB before, {Mb(rssAfter)} MB with them open ({(rssAfter - rssBefore) / 1024.0 / n:F1} KB per follower), {Mb(rssEnd)} MB after the window");
    Console.WriteLine($"server CPU while idle: {(cpu1 - cpu0) / Proc.TicksPerSecond / seconds * 100:F1}% of one core over {seconds:F1} s ({heartbeats / seconds:F0} heartbeats/s received, {heartbeats / seconds / n:F2} per follower)");
    Console.WriteLine($"/health: {health}");
    return followers.Any(f => f.Failed is not null) ? 1 : 0;
}

async Task<int> Active()
{
    var without = await WriteLoad(options.Seconds, options.Writers);
    var head = long.Parse(await http.GetStringAsync("/streams/_all/version") is var v ? v[(v.LastIndexOf(':') + 1)..^1] : "0", CultureInfo.InvariantCulture);
    using var stop = new CancellationTokenSource();
    var followers = Enumerable.Range(0, options.Followers)
        .Select(_ => new Follower(http, $"/streams/_all?follow=true&after={head}", stop.Token, recordLag: true))
        .ToArray();
    await Task.WhenAll(followers.Select(f => f.CaughtUp));
    var with = await WriteLoad(options.Seconds, options.Writers);
    var final = with.LastPosition;
    var drain = Stopwatch.StartNew();
    while (followers.Any(f => f.LastPosition < final) && drain.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(10);
    }

    var drained = drain.ElapsedMilliseconds;
    await stop.CancelAsync();
    var lags = followers.SelectMany(f => f.Lags).Order().ToArray();
    var delivered = followers.Sum(f => f.Events);
    var missing = followers.Count(f => f.LastPosition < final);
    Console.WriteLine($"writers: {options.Writers} concurrent single-event commits for {options.Seconds} s each phase");
    Console.WriteLine($"without followers: {without.Rate:F0} commits/s (commit p50 {without.P50:F2} ms, p99 {without.P99:F2} ms), server {without.Cpu:F2} cores");
    Console.WriteLine($"with {options.Followers} _all followers: {with.Rate:F0} commits/s (commit p50 {with.P50:F2} ms, p99 {with.P99:F2} ms), server {with.Cpu:F2} cores; {delivered} event lines delivered ({delivered / options.Seconds:F0}/s)");
    Console.WriteLine($"delivery lag (commit request sent -> line read by a follower): p50 {Pct(lags, 0.50):F1} ms, p99 {Pct(lags, 0.99):F1} ms, max {(lags.Length > 0 ? lags[^1] : 0):F1} ms; every follower had the last event {drained} ms after the load stopped{(missing > 0 ? $" ({missing} did NOT within 60 s)" : string.Empty)}");
    return missing > 0 || followers.Any(f => f.Failed is not null) ? 1 : 0;
}

async Task<LoadResult> WriteLoad(int seconds, int writers)
{
    var latencies = new List<double>[writers];
    var last = 0L;
    using var end = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var cpu0 = Proc.CpuTicks(options.Pid);
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
    {
        var mine = latencies[w] = new List<double>(65536);
        var n = 0;
        while (!end.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            var position = await Commit($"load-{w}-{n++ % 64}", $"{{\"type\":\"Load\",\"t\":{sent}}}");
            mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            InterlockedMax(ref last, position);
        }
    }));
    var elapsed = clock.Elapsed.TotalSeconds;
    var cpu = (Proc.CpuTicks(options.Pid) - cpu0) / Proc.TicksPerSecond / elapsed;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return new LoadResult(all.Length / elapsed, Pct(all, 0.5), Pct(all, 0.99), cpu, last);
}

// Commits one event; returns its global position (commitId + 1).
async Task<long> Commit(string stream, string payload)
{
    using var content = new StringContent($"{{\"events\":[{payload}]}}", Encoding.UTF8, "application/json");
    using var response = await http.PostAsync($"/streams/{stream}/commit", content);
    var body = await response.Content.ReadAsStringAsync();
    if (response.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"commit: {(int)response.StatusCode} {body}");
    }

    var at = body.IndexOf("\"commitId\":", StringComparison.Ordinal) + 11;
    var endAt = body.IndexOf(',', at);
    return long.Parse(body.AsSpan(at, endAt - at), CultureInfo.InvariantCulture) + 1;
}

static void InterlockedMax(ref long target, long value)
{
    var current = Volatile.Read(ref target);
    while (value > current)
    {
        var seen = Interlocked.CompareExchange(ref target, value, current);
        if (seen == current)
        {
            return;
        }

        current = seen;
    }
}

static double Pct(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);

internal sealed record LoadResult(double Rate, double P50, double P99, double Cpu, long LastPosition);

/// <summary>The server's memory and CPU from /proc.</summary>
internal static class Proc
{
    public const double TicksPerSecond = 100.0;

    public static long RssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>utime + stime of the process (clock ticks, 100 per second on Linux).</summary>
    public static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}

/// <summary>One follow read as raw bytes: counts heartbeats and events, and (for the active run) each event's lag.</summary>
internal sealed class Follower
{
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _recordLag;
    private long _heartbeats;
    private long _lastPosition;

    public Follower(HttpClient http, string url, CancellationToken stop, bool recordLag = false)
    {
        _recordLag = recordLag;
        _ = RunAsync(http, url, stop);
    }

    public Task CaughtUp => _caughtUp.Task;

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    public long LastPosition => Interlocked.Read(ref _lastPosition);

    public long Events { get; private set; }

    public List<double> Lags { get; } = [];

    public Exception? Failed { get; private set; }

    private async Task RunAsync(HttpClient http, string url, CancellationToken stop)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(stop);
            var buffer = new byte[64 * 1024];
            var filled = 0;
            while (true)
            {
                var read = await body.ReadAsync(buffer.AsMemory(filled), stop);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var start = 0;
                while (Array.IndexOf(buffer, (byte)'\n', start, filled - start) is var end and >= 0)
                {
                    Line(buffer.AsSpan(start, end - start));
                    start = end + 1;
                }

                Array.Copy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Failed = exception;
            _caughtUp.TrySetException(exception);
            Console.Error.WriteLine($"{url}: {exception.Message}");
        }
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("{\"heartbeat\""u8))
        {
            Interlocked.Increment(ref _heartbeats);
            return;
        }

        if (line.StartsWith("{\"caughtUp\""u8))
        {
            _caughtUp.TrySetResult();
            return;
        }

        Events++;
        var at = line.LastIndexOf("\"position\":"u8);
        if (at >= 0 && Utf8Parser.TryParse(line[(at + 11)..], out long position, out _))
        {
            Interlocked.Exchange(ref _lastPosition, position);
        }

        if (_recordLag)
        {
            var t = line.IndexOf("\"t\":"u8);
            if (t >= 0 && Utf8Parser.TryParse(line[(t + 4)..], out long sent, out _))
            {
                Lags.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        }
    }
}

internal sealed record Options(string Mode, Uri Url, int Pid, int Followers, int Writers, int Seconds)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var mode = args.Length > 0 ? args[0] : "idle";
        return new Options(mode, new Uri(Value("--url", "http://127.0.0.1:3000")), Number("--pid", 0), Number("--followers", mode == "idle" ? 1000 : 100), Number("--writers", 16), Number("--seconds", 10));
    }
}
