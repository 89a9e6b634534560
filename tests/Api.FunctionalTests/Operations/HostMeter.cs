using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CleanEventStore.Application.Common.Telemetry;

namespace CleanEventStore.Api.FunctionalTests.Operations;

/// <summary>Exact sums of the counters and histogram counts of one host's meter (a MeterListener on that meter only).</summary>
internal sealed class HostMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public HostMeter(EventStoreTelemetry telemetry)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, telemetry.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of what <paramref name="instrument"/> recorded, with <paramref name="tag"/> (<c>key=value</c>) when given.</summary>
    public double Sum(string instrument, string? tag = null) => _sums.GetValueOrDefault(Key(instrument, tag));

    /// <summary>How many measurements <paramref name="instrument"/> recorded.</summary>
    public long Count(string instrument, string? tag = null) => _counts.GetValueOrDefault(Key(instrument, tag));

    public void Dispose() => _listener.Dispose();

    private static string Key(string instrument, string? tag) => tag is null ? instrument : instrument + "|" + tag;

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Record(Key(instrument.Name, null), value);
        foreach (var tag in tags)
        {
            Record(Key(instrument.Name, tag.Key + "=" + tag.Value), value);
        }
    }

    private void Record(string key, double value)
    {
        _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        _counts.AddOrUpdate(key, 1, (_, count) => count + 1);
    }
}
