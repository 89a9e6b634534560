using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// The changes of one group of commits (or of one replayed commit during recovery), staged against the committed
/// state and applied to it in one step once the group is durable. Checks inside a group therefore see the committed
/// state plus the earlier commits of the same group. Writer thread (or recovery) only.
/// </summary>
internal sealed class GroupState(EngineState state, HashSet<StreamState> dirty, Func<byte[]> bodies)
{
    private readonly Dictionary<string, StreamState> _newByName = new(StringComparer.Ordinal);
    private readonly List<StreamState> _pending = [];
    private readonly List<string> _touched = [];
    private static long _epochs;
    private long _epoch;
    private string? _lastDerivedName;
    private StreamState? _lastDerived;

    public List<StagedEvent> Events { get; } = [];

    public List<StreamState> Memberships { get; } = [];

    public List<StreamState> NewStreams { get; } = [];

    public List<StreamState> Closing { get; } = [];

    public List<IdempotencyEntry> Keys { get; } = [];

    /// <summary>Derived streams created in this group, routed for the group's later events.</summary>
    public List<StreamState> NewDerived { get; } = [];

    public long NextPosition { get; private set; }

    public bool IsEmpty => Events.Count == 0 && Closing.Count == 0 && NewStreams.Count == 0 && Keys.Count == 0;

    public void Reset()
    {
        Events.Clear();
        Memberships.Clear();
        NewStreams.Clear();
        Closing.Clear();
        Keys.Clear();
        NewDerived.Clear();
        _newByName.Clear();
        foreach (var stream in _pending)
        {
            stream.PendingCount = 0;
        }

        _pending.Clear();
        _touched.Clear();
        _lastDerivedName = null;
        _lastDerived = null;
        _epoch = Interlocked.Increment(ref _epochs);
        NextPosition = state.Head + 1;
    }

    public StreamState? Find(string name) => _newByName.TryGetValue(name, out var pending) ? pending : state.Catalog.Find(name);

    /// <summary>Events in the stream: committed plus staged in this group.</summary>
    public static long VersionOf(StreamState? stream) =>
        stream is null ? 0 : stream.Positions.Count + stream.PendingCount;

    public bool IsClosed(StreamState? stream) => stream is not null && (stream.Closed || Closing.Contains(stream));

    public StreamState Create(StreamName name, StreamKind kind, long firstPosition, Matcher? matcher = null, IEventFilter? filter = null)
    {
        var stream = new StreamState(state.Catalog.Count + NewStreams.Count, name, kind, matcher, filter, firstPosition);
        NewStreams.Add(stream);
        _newByName[name.Value] = stream;
        dirty.Add(stream);
        if (filter is not null)
        {
            NewDerived.Add(stream);
        }

        return stream;
    }

    /// <summary>
    /// Stages one event at <see cref="NextPosition"/>: it belongs to <paramref name="stream"/> (created when
    /// null), to the derived streams named in <paramref name="derivedNames"/> (created as type or tag streams) and
    /// to every derived stream whose matcher accepts the body (at <paramref name="bodyOffset"/> of the group buffer).
    /// </summary>
    public void AddEvent(StreamName streamName, StreamState? stream, IReadOnlyList<string>? derivedNames, long address, int bodyOffset, int bodyLength)
    {
        var position = NextPosition++;
        var start = Memberships.Count;
        stream ??= Find(streamName.Value) ?? Create(streamName, StreamKind.Write, position);
        AddMembership(stream);
        if (derivedNames is not null)
        {
            for (var i = 0; i < derivedNames.Count; i++)
            {
                AddMembership(Derived(derivedNames[i], position));
            }
        }

        if (state.Catalog.Derived.Length > 0 || NewDerived.Count > 0)
        {
            var body = bodies().AsSpan(bodyOffset, bodyLength);
            foreach (var derived in state.Catalog.Derived)
            {
                if (derived.Filter!.Matches(body))
                {
                    AddMembership(derived);
                }
            }

            foreach (var derived in NewDerived)
            {
                if (derived.Filter!.Matches(body))
                {
                    AddMembership(derived);
                }
            }
        }

        Events.Add(new StagedEvent(position, address, bodyOffset, bodyLength, start, Memberships.Count - start));

        void AddMembership(StreamState member)
        {
            for (var i = start; i < Memberships.Count; i++)
            {
                if (ReferenceEquals(Memberships[i], member))
                {
                    return;
                }
            }

            Memberships.Add(member);
            if (member.PendingCount++ == 0)
            {
                _pending.Add(member);
            }
        }
    }

    /// <summary>The type or tag stream <paramref name="name"/>, created when new (consecutive events often share it).</summary>
    private StreamState Derived(string name, long position)
    {
        if (ReferenceEquals(name, _lastDerivedName))
        {
            return _lastDerived!;
        }

        var derived = Find(name) ?? Create(
            StreamName.FromTrusted(name),
            name.StartsWith(StreamNamespace.TagPrefix, StringComparison.Ordinal) ? StreamKind.Tag : StreamKind.Type,
            position);
        _lastDerivedName = name;
        _lastDerived = derived;
        return derived;
    }

    /// <summary>True when the staged event belongs to <paramref name="stream"/>.</summary>
    public bool IsMember(in StagedEvent staged, StreamState stream)
    {
        for (var i = staged.MembershipStart; i < staged.MembershipStart + staged.MembershipCount; i++)
        {
            if (ReferenceEquals(Memberships[i], stream))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="stream"/> is a matcher stream created in this group whose backfill took the staged
    /// event at <paramref name="position"/> (until the group is applied, such a stream's positions are its backfill).
    /// </summary>
    public bool IsBackfilled(StreamState stream, long position)
    {
        if (!NewDerived.Contains(stream))
        {
            return false;
        }

        var count = stream.Positions.Count;
        var index = stream.Positions.LowerBound(position, count);
        return index < count && stream.Positions[index] == position;
    }

    /// <summary>
    /// Fills a new derived stream with the committed events up to the head and the events staged so far that its
    /// matcher accepts (a full scan: creating a derived stream costs O(log size), once).
    /// </summary>
    public void Backfill(StreamState derived, RecordLoader loader)
    {
        var head = state.Head;
        for (var position = 1L; position <= head; position++)
        {
            if (derived.Filter!.Matches(loader.Body(position)))
            {
                derived.Positions.Append(position);
            }
        }

        var buffer = bodies();
        foreach (var staged in Events)
        {
            if (derived.Filter!.Matches(buffer.AsSpan(staged.BodyOffset, staged.BodyLength)))
            {
                derived.Positions.Append(staged.Position);
            }
        }
    }

    public void Close(StreamState stream)
    {
        Closing.Add(stream);
        dirty.Add(stream);
    }

    /// <summary>
    /// Makes the staged changes visible: positions and memberships first, then new streams, closes and keys, and
    /// the head last. Returns the names of the streams the group touched, with events or a close (for the notifier:
    /// a waiter on a stream that is closed must learn that nothing more will come).
    /// </summary>
    public IReadOnlyList<string> Apply(IdempotencyTable idempotency)
    {
        foreach (var staged in Events)
        {
            state.Positions.Append(staged.Address);
        }

        foreach (var stream in NewStreams)
        {
            state.Catalog.Add(stream);
        }

        foreach (var staged in Events)
        {
            for (var i = staged.MembershipStart; i < staged.MembershipStart + staged.MembershipCount; i++)
            {
                var member = Memberships[i];
                member.Positions.Append(staged.Position);
                if (member.TouchedEpoch != _epoch)
                {
                    member.TouchedEpoch = _epoch;
                    dirty.Add(member);
                    _touched.Add(member.Name.Value);
                }
            }
        }

        foreach (var stream in Closing)
        {
            stream.Closed = true;
            stream.ClosePending = true;
            _touched.Add(stream.Name.Value);
        }

        foreach (var key in Keys)
        {
            idempotency.Add(key);
        }

        if (Events.Count > 0)
        {
            state.PublishHead(Events[^1].Position);
        }

        return _touched;
    }
}
