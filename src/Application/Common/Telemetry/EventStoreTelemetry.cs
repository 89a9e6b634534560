using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CleanEventStore.Application.Common.Telemetry;

/// <summary>
/// The store's instruments: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="System.Diagnostics.ActivitySource"/>, both named <see cref="Name"/>. The use cases, the engines and the
/// HTTP layer record into it; the Api exports it through OpenTelemetry (nothing below the Api references
/// OpenTelemetry). Recording is allocation-free: tags are pre-built, nothing is formatted, and reads and the writers
/// record once per response or group, never per event. Without a listener (metrics off) an instrument records
/// nothing; the cumulative <see cref="Totals"/> for <c>/health</c> are counted either way.
/// </summary>
public sealed class EventStoreTelemetry : IDisposable
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "CleanEventStore";

    /// <summary>Sub-millisecond to multi-second latency buckets, in seconds.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Operations per writer group.</summary>
    public static readonly IReadOnlyList<long> GroupSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private static readonly KeyValuePair<string, object?>[] ResultTags = CreateResultTags();
    private static readonly KeyValuePair<string, object?> ExpectedVersionConflict = new("ces.conflict.kind", "expected_version");
    private static readonly KeyValuePair<string, object?> ConditionConflict = new("ces.conflict.kind", "dcb");
    private static readonly KeyValuePair<string, object?> Embedded = new("ces.provider", "embedded");
    private static readonly KeyValuePair<string, object?> Postgres = new("ces.provider", "postgres");
    private static readonly KeyValuePair<string, object?> Unauthenticated = new("ces.refusal.reason", "unauthenticated");
    private static readonly KeyValuePair<string, object?> Forbidden = new("ces.refusal.reason", "forbidden");

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _commits;
    private readonly Counter<long> _eventsCommitted;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _reads;
    private readonly Counter<long> _eventsRead;
    private readonly Counter<long> _bytesRead;
    private readonly Histogram<long> _groupSize;
    private readonly Histogram<double> _flushDuration;
    private readonly Counter<long> _consumerFaults;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _authorizationRefusals;
    private long _totalCommits;
    private long _totalEventsCommitted;
    private long _totalReads;
    private long _totalEventsRead;
    private long _totalBytesRead;

    /// <summary>Instruments on a meter from <paramref name="meterFactory"/> (the host's), or on an own meter without one.</summary>
    public EventStoreTelemetry(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(Name)) ?? new Meter(Name);
        ActivitySource = new ActivitySource(Name);
        _commits = _meter.CreateCounter<long>("ces.commits", "{commit}", "Commits answered, by result (ok, duplicate, conflict, rejected, error).");
        _eventsCommitted = _meter.CreateCounter<long>("ces.events.committed", "{event}", "Events appended to the log by successful commits.");
        _commitDuration = _meter.CreateHistogram(
            "ces.commit.duration",
            "s",
            "Time from a commit reaching the use case to its outcome (durable or refused), by result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _conflicts = _meter.CreateCounter<long>("ces.commit.conflicts", "{conflict}", "Commits refused by their concurrency check, by kind (expected_version, dcb).");
        _reads = _meter.CreateCounter<long>("ces.reads", "{read}", "Event reads answered (stream, category, join, query and follow responses).");
        _eventsRead = _meter.CreateCounter<long>("ces.events.read", "{event}", "Events sent to readers.");
        _bytesRead = _meter.CreateCounter<long>("ces.read.size", "By", "Bytes of stored event lines sent to readers.");
        _groupSize = _meter.CreateHistogram(
            "ces.writer.group.size",
            "{operation}",
            "Operations (commits, stream changes) made durable together by one group commit, by provider.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = GroupSizeBuckets });
        _flushDuration = _meter.CreateHistogram(
            "ces.writer.flush.duration",
            "s",
            "Time to make one group durable: write + fdatasync (embedded), the group's transaction (postgres), by provider.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _consumerFaults = _meter.CreateCounter<long>("ces.consumer.faults", "{fault}", "Consumers that stopped on a handler error or a server error.");
        _rateLimited = _meter.CreateCounter<long>("ces.http.rate_limited", "{request}", "Requests refused with 429 by RateLimit:PermitsPerSecond.");
        _authorizationRefusals = _meter.CreateCounter<long>("ces.http.refused", "{request}", "Requests refused for their credentials, by reason (unauthenticated: 401, forbidden: 403).");
    }

    /// <summary>The meter the instruments live on (observable gauges are added to it by <see cref="StoreGauges"/>).</summary>
    public Meter Meter => _meter;

    /// <summary>The spans of the store: <c>ces.commit</c>, <c>ces.read</c>, <c>ces.consumer.step</c>, <c>ces.writer.flush</c>.</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Counts since the process started, on this node (the <c>server.totals</c> of <c>/health</c>).</summary>
    public TelemetryTotals Totals => new(
        Interlocked.Read(ref _totalCommits),
        Interlocked.Read(ref _totalEventsCommitted),
        Interlocked.Read(ref _totalReads),
        Interlocked.Read(ref _totalEventsRead),
        Interlocked.Read(ref _totalBytesRead));

    /// <summary>One commit answered with <paramref name="result"/> after <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void CommitCompleted(CommitResultKind result, int events, long startTimestamp)
    {
        var tag = ResultTags[(int)result];
        Interlocked.Increment(ref _totalCommits);
        _commits.Add(1, tag);
        if (result == CommitResultKind.Ok)
        {
            Interlocked.Add(ref _totalEventsCommitted, events);
            _eventsCommitted.Add(events);
        }

        if (_commitDuration.Enabled)
        {
            _commitDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tag);
        }
    }

    /// <summary>A commit refused by its expected version (<paramref name="condition"/> false) or its DCB condition.</summary>
    public void Conflict(bool condition) => _conflicts.Add(1, condition ? ConditionConflict : ExpectedVersionConflict);

    /// <summary>Events sent by a read or a follow; <paramref name="newRead"/> counts a read (once per response).</summary>
    public void EventsRead(int events, long bytes, bool newRead)
    {
        if (newRead)
        {
            Interlocked.Increment(ref _totalReads);
            _reads.Add(1);
        }

        if (events > 0)
        {
            Interlocked.Add(ref _totalEventsRead, events);
            Interlocked.Add(ref _totalBytesRead, bytes);
            _eventsRead.Add(events);
            _bytesRead.Add(bytes);
        }
    }

    /// <summary>One group of <paramref name="operations"/> made durable by the embedded engine or PostgreSQL.</summary>
    public void GroupFlushed(bool postgres, int operations, long startTimestamp)
    {
        var provider = postgres ? Postgres : Embedded;
        _groupSize.Record(operations, provider);
        if (_flushDuration.Enabled)
        {
            _flushDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, provider);
        }
    }

    /// <summary>A consumer stopped faulted.</summary>
    public void ConsumerFaulted() => _consumerFaults.Add(1);

    /// <summary>A request refused with 429.</summary>
    public void RateLimited() => _rateLimited.Add(1);

    /// <summary>A request refused with 401 (<paramref name="authenticated"/> false) or 403.</summary>
    public void Refused(bool authenticated) => _authorizationRefusals.Add(1, authenticated ? Forbidden : Unauthenticated);

    public void Dispose()
    {
        ActivitySource.Dispose();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static KeyValuePair<string, object?>[] CreateResultTags()
    {
        var values = Enum.GetValues<CommitResultKind>();
        var tags = new KeyValuePair<string, object?>[values.Length];
        foreach (var value in values)
        {
            tags[(int)value] = new KeyValuePair<string, object?>("ces.commit.result", value switch
            {
                CommitResultKind.Ok => "ok",
                CommitResultKind.Duplicate => "duplicate",
                CommitResultKind.Conflict => "conflict",
                CommitResultKind.Rejected => "rejected",
                _ => "error",
            });
        }

        return tags;
    }
}
