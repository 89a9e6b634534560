using System.Collections.Concurrent;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// All streams by name and in creation order. The writer adds; readers look up without locks. Derived streams
/// are also kept in a list the writer evaluates for every new event.
/// </summary>
internal sealed class StreamCatalog
{
    private readonly ConcurrentDictionary<string, StreamState> _byName = new(StringComparer.Ordinal);
    private StreamState[] _ordered = new StreamState[64];
    private int _count;
    private StreamState[] _derived = [];

    public int Count => Volatile.Read(ref _count);

    /// <summary>Derived (matcher) streams, for routing new events (writer thread).</summary>
    public StreamState[] Derived => _derived;

    public StreamState? Find(string name) => _byName.TryGetValue(name, out var state) ? state : null;

    public StreamState this[int id] => Volatile.Read(ref _ordered)[id];

    /// <summary>Adds a stream whose <see cref="StreamState.Id"/> is the next id (writer thread).</summary>
    public void Add(StreamState state)
    {
        var count = _count;
        if (state.Id != count)
        {
            throw new InvalidOperationException($"Stream ids are dense: expected {count}, got {state.Id}.");
        }

        var ordered = _ordered;
        if (count == ordered.Length)
        {
            var grown = new StreamState[ordered.Length * 2];
            Array.Copy(ordered, grown, ordered.Length);
            Volatile.Write(ref _ordered, grown);
            ordered = grown;
        }

        ordered[count] = state;
        _byName[state.Name.Value] = state;
        if (state.Filter is not null)
        {
            _derived = [.. _derived, state];
        }

        Volatile.Write(ref _count, count + 1);
    }

    /// <summary>A snapshot of the streams in creation order.</summary>
    public ReadOnlySpan<StreamState> Snapshot()
    {
        var count = Count;
        return Volatile.Read(ref _ordered).AsSpan(0, count);
    }
}
