using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// What one group transaction knows and stages: the rows it read after taking the write lock (the head, the streams
/// the group names, every matcher stream, the idempotency keys the group uses) plus the changes of the group's
/// earlier operations, so that every check sees the committed state plus the earlier commits of the same group.
/// </summary>
internal sealed class GroupContext(GroupBuffer buffer)
{
    private readonly Dictionary<string, StreamRow?> _streams = new(StringComparer.Ordinal);

    /// <summary>The committed head when the lock was taken.</summary>
    public long Head { get; private set; }

    public long NextPosition { get; private set; }

    /// <summary>Streams that exist once the group commits (ids are 1..StreamCount, in creation order).</summary>
    public long StreamCount { get; private set; }

    public GroupBuffer Buffer { get; } = buffer;

    public Dictionary<string, StagedKey> Keys { get; } = new(StringComparer.Ordinal);

    public List<StagedKey> NewKeys { get; } = [];

    public List<StreamRow> Derived { get; } = [];

    public List<StreamRow> Rows { get; } = [];

    public List<StagedEvent> Events { get; } = [];

    public List<StagedMembership> Memberships { get; } = [];

    public bool HasChanges => Events.Count > 0 || NewKeys.Count > 0 || Rows.Exists(row => row.IsNew || row.Changed);

    public void Reset(long head, long streamCount)
    {
        _streams.Clear();
        Keys.Clear();
        NewKeys.Clear();
        Derived.Clear();
        Rows.Clear();
        Events.Clear();
        Memberships.Clear();
        Buffer.Reset();
        Head = head;
        NextPosition = head + 1;
        StreamCount = streamCount;
    }

    /// <summary>Records a row read from <c>streams</c>.</summary>
    public void AddLoaded(StreamRow row)
    {
        _streams[row.Name.Value] = row;
        Rows.Add(row);
        if (row.Kind == StreamKind.Derived)
        {
            Derived.Add(row);
        }
    }

    /// <summary>Records that a name the group needs has no stream.</summary>
    public void AddMissing(string name) => _streams.TryAdd(name, null);

    /// <summary>The stream named <paramref name="name"/>, committed or created in this group; null when none.</summary>
    public StreamRow? Find(string name) =>
        _streams.TryGetValue(name, out var row)
            ? row
            : throw new InvalidOperationException($"The group did not load the stream \"{name}\".");

    public StreamRow Create(StreamName name, StreamKind kind, string? matcher = null)
    {
        var row = new StreamRow(++StreamCount, name, kind, 0, false, matcher, isNew: true);
        AddLoaded(row);
        return row;
    }

    /// <summary>
    /// Stages one event at <see cref="NextPosition"/> whose document is at <paramref name="bodyOffset"/> of the buffer:
    /// it belongs to <paramref name="stream"/>, to the type and tag streams <paramref name="derivedNames"/> (created
    /// when new) and to every matcher stream whose matcher accepts the document.
    /// </summary>
    public void AddEvent(StreamRow stream, IReadOnlyList<string>? derivedNames, int bodyOffset, int bodyLength)
    {
        var position = NextPosition++;
        var start = Memberships.Count;
        AddMembership(stream, start, position);
        if (derivedNames is not null)
        {
            foreach (var name in derivedNames)
            {
                var kind = StreamNamespace.IsTagStream(name) ? StreamKind.Tag : StreamKind.Type;
                AddMembership(Find(name) ?? Create(StreamName.FromTrusted(name), kind), start, position);
            }
        }

        if (Derived.Count > 0)
        {
            var body = Buffer.Array.AsSpan(bodyOffset, bodyLength);
            foreach (var derived in Derived)
            {
                if (derived.Filter!.Matches(body))
                {
                    AddMembership(derived, start, position);
                }
            }
        }

        Events.Add(new StagedEvent(position, stream.Id, bodyOffset, bodyLength, start, Memberships.Count - start));
    }

    /// <summary>Adds <paramref name="stream"/>'s next revision at <paramref name="position"/> (a matcher stream's backfill).</summary>
    public void AddMembership(StreamRow stream, long position)
    {
        stream.Version++;
        stream.Changed = true;
        Memberships.Add(new StagedMembership(stream, stream.Version, position));
    }

    /// <summary>
    /// True when the staged event belongs to the stream named <paramref name="name"/>: filed in it when staged, or by
    /// the backfill of a matcher stream created later in the group.
    /// </summary>
    public bool IsMember(in StagedEvent staged, string name)
    {
        if (_streams.TryGetValue(name, out var row) && row is not null && row.HasBackfilled(staged.Position))
        {
            return true;
        }

        for (var i = staged.MembershipStart; i < staged.MembershipStart + staged.MembershipCount; i++)
        {
            if (string.Equals(Memberships[i].Stream.Name.Value, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void AddMembership(StreamRow stream, int start, long position)
    {
        for (var i = start; i < Memberships.Count; i++)
        {
            if (ReferenceEquals(Memberships[i].Stream, stream))
            {
                return;
            }
        }

        AddMembership(stream, position);
    }
}
