namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// Wakes long-polls and consumers. The writer publishes once per durable group with the names of the streams
/// the group touched; waiters wait for "anything", for one stream name, or for one category. A waiter takes
/// its signal before it checks the version, so no wake-up is lost. Only streams and categories that someone
/// waits for cost anything at publish time.
/// </summary>
internal sealed class ChangeNotifier
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Signal> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Signal> _categories = new(StringComparer.Ordinal);
    private TaskCompletionSource _any = NewSource();
    private int _named;

    /// <summary>A task that completes at the next publish.</summary>
    public Task NextAny() => Volatile.Read(ref _any).Task;

    /// <summary>Registers interest in a stream; dispose the lease when done.</summary>
    public Lease ForStream(string name) => Acquire(_streams, name);

    /// <summary>Registers interest in every stream <c>{category}-…</c> or <c>{category}/…</c>.</summary>
    public Lease ForCategory(string category) => Acquire(_categories, category);

    /// <summary>Called by the writer after a group became visible.</summary>
    public void Publish(IReadOnlyList<string> touchedStreams)
    {
        Interlocked.Exchange(ref _any, NewSource()).TrySetResult();
        if (Volatile.Read(ref _named) == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var name in touchedStreams)
            {
                if (_streams.TryGetValue(name, out var signal))
                {
                    signal.Fire();
                }

                if (_categories.Count == 0)
                {
                    continue;
                }

                for (var i = 0; i < name.Length; i++)
                {
                    if ((name[i] == '-' || name[i] == '/') && _categories.TryGetValue(name[..i], out var category))
                    {
                        category.Fire();
                    }
                }
            }
        }
    }

    private Lease Acquire(Dictionary<string, Signal> map, string key)
    {
        lock (_gate)
        {
            if (!map.TryGetValue(key, out var signal))
            {
                signal = new Signal();
                map[key] = signal;
            }

            signal.Users++;
            _named++;
            return new Lease(this, map, key, signal);
        }
    }

    private void Release(Dictionary<string, Signal> map, string key, Signal signal)
    {
        lock (_gate)
        {
            _named--;
            if (--signal.Users == 0)
            {
                map.Remove(key);
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal sealed class Signal
    {
        private TaskCompletionSource _source = NewSource();

        public int Users { get; set; }

        public Task Next => Volatile.Read(ref _source).Task;

        public void Fire() => Interlocked.Exchange(ref _source, NewSource()).TrySetResult();
    }

    /// <summary>Interest in one stream or category; <see cref="Next"/> completes at its next change.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly ChangeNotifier _owner;
        private readonly Dictionary<string, Signal> _map;
        private readonly string _key;
        private readonly Signal _signal;
        private bool _disposed;

        internal Lease(ChangeNotifier owner, Dictionary<string, Signal> map, string key, Signal signal)
        {
            _owner = owner;
            _map = map;
            _key = key;
            _signal = signal;
        }

        public Task Next => _signal.Next;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _owner.Release(_map, _key, _signal);
            }
        }
    }
}
