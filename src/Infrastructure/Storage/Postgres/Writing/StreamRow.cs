using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>A row of <c>streams</c> as one group transaction sees and changes it (writer loop only).</summary>
internal sealed class StreamRow(long id, StreamName name, StreamKind kind, long version, bool closed, string? matcher, bool isNew)
{
    private HashSet<long>? _backfilled;

    public long Id { get; } = id;

    public StreamName Name { get; } = name;

    public StreamKind Kind { get; } = kind;

    /// <summary>Events in the stream: committed plus staged in this group.</summary>
    public long Version { get; set; } = version;

    public bool Closed { get; set; } = closed;

    /// <summary>The matcher JSON of a matcher stream.</summary>
    public string? Matcher { get; } = matcher;

    /// <summary>The compiled matcher of a matcher stream.</summary>
    public IEventFilter? Filter { get; set; }

    /// <summary>
    /// For a matcher stream created in this group: the positions of events staged earlier in the group that its
    /// backfill filed in it (they are not in those events' runs of memberships).
    /// </summary>
    public HashSet<long> Backfilled => _backfilled ??= [];

    /// <summary>Created in this group: inserted, not updated.</summary>
    public bool IsNew { get; } = isNew;

    /// <summary>Its version or closed flag changed in this group.</summary>
    public bool Changed { get; set; }

    /// <summary>True when the backfill of this (new matcher) stream took the staged event at <paramref name="position"/>.</summary>
    public bool HasBackfilled(long position) => _backfilled is { } set && set.Contains(position);
}
