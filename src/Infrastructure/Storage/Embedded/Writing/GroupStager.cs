using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// Stages the operations of one group: runs each commit's <see cref="CommitChecks"/> against the committed state plus
/// the earlier operations of the group, lays out the records of those that pass in the group buffer, assigns their
/// gapless positions and places them in segments (a commit never straddles two: when it does not fit, the rest of
/// the group goes to a new segment, see <see cref="Parts"/>). Nothing is written here. Writer thread only.
/// </summary>
internal sealed class GroupStager : IDisposable
{
    private readonly EngineState _state;
    private readonly GroupBuffer _buffer = new();
    private readonly GroupState _group;
    private readonly List<GroupPart> _parts = [];
    private readonly CommitChecks _checks;
    private readonly RecordLoader _loader;
    private readonly TimeProvider _timeProvider;
    private readonly long _segmentSize;

    public GroupStager(
        EngineState state,
        HashSet<StreamState> dirty,
        IdempotencyTable idempotency,
        IEventFilterFactory filters,
        long segmentSize,
        TimeProvider timeProvider)
    {
        _state = state;
        _segmentSize = segmentSize;
        _timeProvider = timeProvider;
        _group = new GroupState(state, dirty, () => _buffer.Array);
        _loader = new RecordLoader(state);
        _checks = new CommitChecks(state, _group, _buffer, idempotency, _loader, filters);
    }

    /// <summary>The staged bytes of the group.</summary>
    public GroupBuffer Buffer => _buffer;

    /// <summary>The staged changes, applied once the group is durable.</summary>
    public GroupState Group => _group;

    /// <summary>The ranges of <see cref="Buffer"/> that go to each segment, in order (complete after <see cref="Complete"/>).</summary>
    public List<GroupPart> Parts => _parts;

    /// <summary>Starts a new group at the end of the tail segment.</summary>
    public void Begin()
    {
        _group.Reset();
        _buffer.Reset();
        _checks.Reset();
        _parts.Clear();
        var tail = _state.Segments.Last;
        _parts.Add(new GroupPart(tail.Index, isNewSegment: false, 0, tail.WrittenLength));
    }

    /// <summary>Checks and stages one operation, setting its outcome.</summary>
    public void Stage(WriteOperation operation)
    {
        if (operation is CommitOperation commit)
        {
            StageCommit(commit);
        }
        else
        {
            StageStreamChange((StreamOperation)operation);
        }
    }

    /// <summary>Ends the last part at the end of the buffer: the group is ready to flush.</summary>
    public void Complete() => _parts[^1].End = _buffer.Length;

    public void Dispose()
    {
        _buffer.Dispose();
        _loader.Dispose();
    }

    private void StageCommit(CommitOperation operation)
    {
        var request = operation.Request;
        var name = request.Stream.Value;
        var stream = _group.Find(name);
        if (_checks.Check(operation, stream) is { } refused)
        {
            operation.Outcome = refused;
            return;
        }

        var version = GroupState.VersionOf(stream);
        EnsureRoom(operation.EstimatedSize);
        var committedAt = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var commitId = _group.NextPosition - 1;
        if (request.Idempotency is { } key)
        {
            var entry = new IdempotencyEntry(key.Key, key.RequestHash, name, commitId, committedAt, version);
            EventRecordWriter.WriteSystem(_buffer, SystemRecord.ForKey(entry), commitEnd: false);
            _group.Keys.Add(entry);
            _checks.Remember(entry);
        }

        var events = request.Events;
        var metadata = request.Metadata.Span;
        for (var i = 0; i < events.Count; i++)
        {
            var recordStart = _buffer.Length;
            var (bodyOffset, bodyLength) = EventRecordWriter.Write(
                _buffer, name, events[i].Span, metadata, _group.NextPosition, commitId, committedAt, i, events.Count, version + i, commitEnd: i == events.Count - 1);
            _group.AddEvent(request.Stream, stream, operation.DerivedNames[i], AddressOf(recordStart), bodyOffset, bodyLength);
            stream ??= _group.Find(name);
        }

        operation.Outcome = CommitOutcome.Committed(commitId, committedAt, version);
    }

    private void StageStreamChange(StreamOperation operation)
    {
        var existing = _group.Find(operation.Stream.Value);
        if (operation.IsCreate)
        {
            StageCreate(operation, existing);
            return;
        }

        if (existing is null)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.NotFound);
            return;
        }

        if (existing.Kind != StreamKind.Write)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.NotWriteStream, GroupState.VersionOf(existing), existing.Kind);
            return;
        }

        if (_group.IsClosed(existing))
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.AlreadyClosed, GroupState.VersionOf(existing));
            return;
        }

        EnsureRoom(1024);
        EventRecordWriter.WriteSystem(_buffer, SystemRecord.Close(operation.Stream.Value), commitEnd: true);
        _group.Close(existing);
        operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.Done, GroupState.VersionOf(existing));
    }

    private void StageCreate(StreamOperation operation, StreamState? existing)
    {
        if (existing is not null)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.AlreadyExists, GroupState.VersionOf(existing));
            return;
        }

        var record = SystemRecord.Create(operation.Stream.Value, operation.Matcher!.Json);
        EnsureRoom(record.Length + RecordHeader.Size);
        EventRecordWriter.WriteSystem(_buffer, record, commitEnd: true);
        var stream = _group.Create(operation.Stream, StreamKind.Derived, 0, operation.Matcher, operation.Filter);
        _group.Backfill(stream, _loader);
        operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.Done, stream.Positions.Count);
    }

    /// <summary>Starts a new segment for what follows when <paramref name="size"/> more bytes do not fit in the current one.</summary>
    private void EnsureRoom(int size)
    {
        var part = _parts[^1];
        var used = part.FileOffset + (_buffer.Length - part.Start);
        if (used + size <= _segmentSize)
        {
            return;
        }

        part.End = _buffer.Length;
        _parts.Add(new GroupPart(part.SegmentIndex + 1, isNewSegment: true, _buffer.Length, SegmentHeader.Size));
    }

    private long AddressOf(int bufferOffset)
    {
        var part = _parts[^1];
        return LogAddress.Make(part.SegmentIndex, part.FileOffset + (bufferOffset - part.Start));
    }
}
