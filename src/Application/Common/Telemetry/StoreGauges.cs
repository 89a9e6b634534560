using System.Diagnostics.Metrics;
using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Waiting;

namespace CleanEventStore.Application.Common.Telemetry;

/// <summary>
/// The observable gauges of <see cref="EventStoreTelemetry.Meter"/>: what is open (long-polls, follows), how big the
/// log is, and where each consumer is. They are read when a collector asks (a Prometheus scrape, an OTLP export), never
/// on a request; the ones that need the store ask it then (on PostgreSQL a query per scrape, and one per consumer for
/// its lag). Created only when metrics are on.
/// </summary>
public sealed class StoreGauges
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);
    private readonly IEventStore _store;
    private readonly IConsumerManager _consumers;

    public StoreGauges(EventStoreTelemetry telemetry, IEventStore store, IConsumerManager consumers, LongPolls longPolls)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(longPolls);
        _store = store;
        _consumers = consumers;
        var meter = telemetry.Meter;
        meter.CreateObservableUpDownCounter("ces.longpolls.active", () => longPolls.Open, "{request}", "Long-poll reads and consumer waits in progress.");
        meter.CreateObservableUpDownCounter("ces.follows.active", () => longPolls.OpenFollowers, "{request}", "Follows (?follow=true) in progress.");
        meter.CreateObservableGauge("ces.log.head", () => _store.KnownHead, "{event}", "Position of the last visible event of the global log (its length in events).");
        meter.CreateObservableGauge("ces.log.size", ObserveLogSize, "By", "Bytes of the log on disk (embedded engine only).");
        meter.CreateObservableGauge("ces.consumer.position", ObservePositions, "{event}", "Revision of its stream each consumer has folded, by consumer.");
        meter.CreateObservableGauge("ces.consumer.lag", ObserveLag, "{event}", "Events of its stream each consumer has not folded yet, by consumer.");
        meter.CreateObservableUpDownCounter("ces.consumers", ObserveStatuses, "{consumer}", "Consumers on this node, by status (running, stopped, faulted).");
    }

    private IEnumerable<Measurement<long>> ObserveLogSize()
    {
        var statistics = Complete(_store.GetStatisticsAsync(CancellationToken.None));
        return statistics is { Engine: not "postgres" }
            ? [new Measurement<long>(statistics.BytesWritten)]
            : [];
    }

    private IEnumerable<Measurement<long>> ObservePositions()
    {
        var consumers = _consumers.List();
        var measurements = new List<Measurement<long>>(consumers.Count);
        foreach (var consumer in consumers)
        {
            measurements.Add(new Measurement<long>(consumer.Position, new KeyValuePair<string, object?>("ces.consumer", consumer.Id.Value)));
        }

        return measurements;
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        var consumers = _consumers.List();
        var measurements = new List<Measurement<long>>(consumers.Count);
        foreach (var consumer in consumers)
        {
            if (Complete(_store.GetVersionAsync(new ReadSource.Stream(consumer.Stream), CancellationToken.None)) is { } version)
            {
                measurements.Add(new Measurement<long>(Math.Max(0, version.Version - consumer.Position), new KeyValuePair<string, object?>("ces.consumer", consumer.Id.Value)));
            }
        }

        return measurements;
    }

    private IEnumerable<Measurement<int>> ObserveStatuses()
    {
        int running = 0, stopped = 0, faulted = 0;
        foreach (var consumer in _consumers.List())
        {
            switch (consumer.Status)
            {
                case ConsumerStatus.Running:
                    running++;
                    break;
                case ConsumerStatus.Faulted:
                    faulted++;
                    break;
                default:
                    stopped++;
                    break;
            }
        }

        return
        [
            new Measurement<int>(running, new KeyValuePair<string, object?>("ces.consumer.status", "running")),
            new Measurement<int>(stopped, new KeyValuePair<string, object?>("ces.consumer.status", "stopped")),
            new Measurement<int>(faulted, new KeyValuePair<string, object?>("ces.consumer.status", "faulted")),
        ];
    }

    /// <summary>The value of an engine call inside a collector's callback (synchronous by contract), or null after <see cref="Wait"/> or a failure.</summary>
    private static T? Complete<T>(ValueTask<T> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            return pending.Result;
        }

        var task = pending.AsTask();
        try
        {
            return task.Wait(Wait) ? task.Result : default;
        }
        catch (AggregateException)
        {
            return default;
        }
    }
}
