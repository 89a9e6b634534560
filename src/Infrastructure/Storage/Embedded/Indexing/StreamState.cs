using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// One stream in memory: the global positions of its events (ascending) and its catalog data. The writer
/// mutates it; readers use <see cref="VisibleCount"/> with the published head, so a commit that is still being
/// applied is never half visible.
/// </summary>
internal sealed class StreamState
{
    private volatile bool _closed;

    public StreamState(int id, StreamName name, StreamKind kind, Matcher? matcher, IEventFilter? filter, long firstPosition)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Matcher = matcher;
        Filter = filter;
        FirstPosition = firstPosition;
    }

    /// <summary>Dense id in creation order (index into the catalog).</summary>
    public int Id { get; }

    public StreamName Name { get; }

    public StreamKind Kind { get; }

    /// <summary>The matcher of a derived stream (<see cref="StreamKind.Derived"/>), else null.</summary>
    public Matcher? Matcher { get; }

    /// <summary>The compiled <see cref="Matcher"/>.</summary>
    public IEventFilter? Filter { get; }

    /// <summary>Global position of the event that created the stream; 0 for a derived stream (visible at once).</summary>
    public long FirstPosition { get; }

    public AppendOnlyLongList Positions { get; } = new();

    public bool Closed
    {
        get => _closed;
        set => _closed = value;
    }

    /// <summary>Entries already written to the membership index file (checkpointing, writer thread only).</summary>
    public long PersistedCount { get; set; }

    /// <summary>Events staged for this stream in the group being prepared (writer thread only).</summary>
    public int PendingCount { get; set; }

    /// <summary>The group that last appended to this stream (writer thread only, to collect each stream once).</summary>
    public long TouchedEpoch { get; set; }

    /// <summary>True when the catalog entry has been persisted (writer thread only).</summary>
    public bool CatalogPersisted { get; set; }

    /// <summary>True when a close still has to be persisted (writer thread only).</summary>
    public bool ClosePending { get; set; }

    public bool IsVisibleAt(long head) => FirstPosition <= head;

    /// <summary>Number of events with a position at or below <paramref name="head"/>.</summary>
    public long VisibleCount(long head) => Positions.CountAtMost(head);
}
