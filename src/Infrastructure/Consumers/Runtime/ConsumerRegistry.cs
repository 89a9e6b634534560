namespace CleanEventStore.Infrastructure.Consumers.Runtime;

/// <summary>
/// The consumers by id, behind one lock held only to read or swap an entry: lookups never wait for a start or a
/// delete (the manager serialises those itself).
/// </summary>
internal sealed class ConsumerRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ConsumerRuntime> _consumers = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _consumers.Count;
            }
        }
    }

    public ConsumerRuntime? Find(string id)
    {
        lock (_gate)
        {
            return _consumers.GetValueOrDefault(id);
        }
    }

    /// <summary>Adds the runtime, or replaces the one registered under its id.</summary>
    public void Set(ConsumerRuntime runtime)
    {
        lock (_gate)
        {
            _consumers[runtime.Definition.Id.Value] = runtime;
        }
    }

    public void Remove(string id)
    {
        lock (_gate)
        {
            _consumers.Remove(id);
        }
    }

    /// <summary>Every runtime, in creation order.</summary>
    public ConsumerRuntime[] InCreationOrder()
    {
        ConsumerRuntime[] runtimes;
        lock (_gate)
        {
            runtimes = [.. _consumers.Values];
        }

        Array.Sort(runtimes, (a, b) => a.Persisted.Order.CompareTo(b.Persisted.Order));
        return runtimes;
    }
}
