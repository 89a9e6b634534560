using System.Diagnostics.CodeAnalysis;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// A small thread-safe LRU of parsed matchers keyed by their exact JSON text: a hit refreshes recency, inserting into
/// a full cache evicts the least recently used entry. One lock; every operation is a few pointer moves.
/// </summary>
internal sealed class MatcherCache
{
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, Matcher>>> _entries;

    // Most recently used first.
    private readonly LinkedList<KeyValuePair<string, Matcher>> _order = new();
    private readonly Lock _lock = new();

    public MatcherCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _entries = new Dictionary<string, LinkedListNode<KeyValuePair<string, Matcher>>>(Math.Min(capacity, 1024), StringComparer.Ordinal);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(string text, [NotNullWhen(true)] out Matcher? matcher)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(text, out var node))
            {
                Touch(node);
                matcher = node.Value.Value;
                return true;
            }
        }

        matcher = null;
        return false;
    }

    /// <summary>Adds <paramref name="matcher"/> unless another thread cached the same text first; returns the cached one.</summary>
    public Matcher GetOrAdd(string text, Matcher matcher)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(text, out var existing))
            {
                Touch(existing);
                return existing.Value.Value;
            }

            if (_entries.Count >= _capacity)
            {
                var eldest = _order.Last!;
                _order.RemoveLast();
                _entries.Remove(eldest.Value.Key);
            }

            _entries.Add(text, _order.AddFirst(new KeyValuePair<string, Matcher>(text, matcher)));
            return matcher;
        }
    }

    private void Touch(LinkedListNode<KeyValuePair<string, Matcher>> node)
    {
        if (node != _order.First)
        {
            _order.Remove(node);
            _order.AddFirst(node);
        }
    }
}
