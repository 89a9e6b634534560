using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Telemetry;

/// <summary>What the commit handler and the recording methods record, read exactly with a MeterListener on this meter only.</summary>
public sealed class EventStoreTelemetryTests : IDisposable
{
    private readonly EventStoreTelemetry _telemetry = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    public EventStoreTelemetryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _telemetry.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _telemetry.Dispose();
    }

    [Fact]
    public async Task Handle_Committed_CountsTheCommitItsEventsAndItsDuration()
    {
        StoreReturns(CommitOutcome.Committed(1, 2, 2));

        await Handler().Handle(Command(events: 2), default);

        Assert.Equal(1, Sum("ces.commits", "ces.commit.result", "ok"));
        Assert.Equal(2, Sum("ces.events.committed"));
        var duration = Assert.Single(_measurements, m => m.Name == "ces.commit.duration");
        Assert.Equal("ok", duration.Tags["ces.commit.result"]);
        Assert.InRange(duration.Value, 0, 60);
        Assert.Equal(new TelemetryTotals(1, 2, 0, 0, 0), _telemetry.Totals);
    }

    [Fact]
    public async Task Handle_WrongExpectedVersion_IsAConflictOfKindExpectedVersion()
    {
        StoreReturns(CommitOutcome.WrongVersion(3));

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Handler().Handle(Command(expected: ExpectedVersion.Exactly(1)), default).AsTask());

        Assert.Equal(1, Sum("ces.commits", "ces.commit.result", "conflict"));
        Assert.Equal(1, Sum("ces.commit.conflicts", "ces.conflict.kind", "expected_version"));
        Assert.Equal(0, Sum("ces.events.committed"));
        Assert.Equal(0, _telemetry.Totals.EventsCommitted);
    }

    [Fact]
    public async Task Handle_ConditionFailed_IsAConflictOfKindDcb()
    {
        StoreReturns(CommitOutcome.ConditionConflict(7));
        var condition = new CommitCondition(Domain.Selectors.Selector.Stream(StreamName.Parse("tags/course-1")), null, 3);

        await Assert.ThrowsAsync<ConditionFailedException>(() => Handler().Handle(Command(condition: condition), default).AsTask());

        Assert.Equal(1, Sum("ces.commit.conflicts", "ces.conflict.kind", "dcb"));
        Assert.Equal(0, Sum("ces.commit.conflicts", "ces.conflict.kind", "expected_version"));
    }

    [Fact]
    public async Task Handle_ClosedStream_IsRejectedAndAStorageFailureAnError()
    {
        StoreReturns(CommitOutcome.Closed);
        await Assert.ThrowsAsync<StreamClosedException>(() => Handler().Handle(Command(), default).AsTask());
        _store.CommitAsync(Arg.Any<CommitRequest>(), Arg.Any<CancellationToken>()).Returns<ValueTask<CommitOutcome>>(_ => throw new StorageUnavailableException("down"));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Handler().Handle(Command(), default).AsTask());

        Assert.Equal(1, Sum("ces.commits", "ces.commit.result", "rejected"));
        Assert.Equal(1, Sum("ces.commits", "ces.commit.result", "error"));
        Assert.Equal(2, _telemetry.Totals.Commits);
    }

    [Fact]
    public async Task Handle_WithAListener_RecordsACommitSpan()
    {
        var stopped = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _telemetry.ActivitySource),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(activities);
        StoreReturns(CommitOutcome.WrongVersion(3));

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Handler().Handle(Command(expected: ExpectedVersion.Exactly(1)), default).AsTask());

        var span = Assert.Single(stopped);
        Assert.Equal("ces.commit", span.OperationName);
        Assert.Equal("orders-1", span.GetTagItem("ces.stream"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public void EventsRead_CountsOneReadPerResponseAndItsEventsAndBytes()
    {
        _telemetry.EventsRead(0, 0, newRead: true);
        _telemetry.EventsRead(3, 300, newRead: false);
        _telemetry.EventsRead(2, 200, newRead: false);

        Assert.Equal(1, Sum("ces.reads"));
        Assert.Equal(5, Sum("ces.events.read"));
        Assert.Equal(500, Sum("ces.read.size"));
        Assert.Equal(new TelemetryTotals(0, 0, 1, 5, 500), _telemetry.Totals);
    }

    [Fact]
    public void GroupFlushed_RecordsTheGroupSizeAndTheFlushDurationByProvider()
    {
        _telemetry.GroupFlushed(postgres: false, 5, Stopwatch.GetTimestamp());
        _telemetry.GroupFlushed(postgres: true, 2, Stopwatch.GetTimestamp());

        Assert.Equal(5, Sum("ces.writer.group.size", "ces.provider", "embedded"));
        Assert.Equal(2, Sum("ces.writer.group.size", "ces.provider", "postgres"));
        Assert.Equal(2, _measurements.Count(m => m.Name == "ces.writer.flush.duration"));
    }

    [Fact]
    public void Recording_WithoutAListener_StillCountsTheTotals()
    {
        using var telemetry = new EventStoreTelemetry();

        telemetry.CommitCompleted(CommitResultKind.Ok, 4, Stopwatch.GetTimestamp());

        Assert.Equal(new TelemetryTotals(1, 4, 0, 0, 0), telemetry.Totals);
        Assert.DoesNotContain(_measurements, m => m.Name == "ces.commits");
    }

    private CommitEventsHandler Handler() => new(_store, _telemetry);

    private static CommitEventsCommand Command(int events = 1, CommitCondition? condition = null, ExpectedVersion? expected = null) => new(
        Values.Stream("orders-1"),
        [.. Enumerable.Range(0, events).Select(_ => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes("{\"type\":\"OrderPlaced\"}"))],
        ReadOnlyMemory<byte>.Empty,
        expected ?? ExpectedVersion.Any,
        condition,
        null);

    private void StoreReturns(CommitOutcome outcome) =>
        _store.CommitAsync(Arg.Any<CommitRequest>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<CommitOutcome>(outcome));

    private double Sum(string name, string? tag = null, string? value = null) =>
        _measurements.Where(m => m.Name == name && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Sum(m => m.Value);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, copy));
        }
    }
}
