using System.Text;
using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;
using CleanEventStore.Infrastructure.Storage.Embedded.Writing;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>
/// The apply step of recovery: stages each scanned record of a commit (events, closes, derived-stream creations,
/// idempotency keys) like the writer did, and applies the commit to memory only when its last record was read, so a
/// torn commit is never partly applied. Recovery only.
/// </summary>
internal sealed class ReplayApplier : IDisposable
{
    private readonly GroupState _group;
    private readonly RecordLoader _loader;
    private readonly IdempotencyTable _idempotency;
    private readonly EventTagExtractor _tags;
    private readonly IMatcherParser _matchers;
    private readonly IEventFilterFactory _filters;

    public ReplayApplier(
        EngineState state,
        HashSet<StreamState> dirty,
        IdempotencyTable idempotency,
        EventTagExtractor tags,
        IMatcherParser matchers,
        IEventFilterFactory filters,
        Func<byte[]> bodies)
    {
        _group = new GroupState(state, dirty, bodies);
        _loader = new RecordLoader(state);
        _idempotency = idempotency;
        _tags = tags;
        _matchers = matchers;
        _filters = filters;
        _group.Reset();
    }

    /// <summary>True when records of a commit were staged but its last record was not seen.</summary>
    public bool HasIncompleteCommit => !_group.IsEmpty;

    /// <summary>Stages one record; <paramref name="bodyOffset"/> locates <paramref name="body"/> in the scanner's buffer.</summary>
    public void Stage(RecordHeader header, long address, ReadOnlySpan<byte> body, int bodyOffset)
    {
        if (header.IsSystem)
        {
            StageSystem(body);
            return;
        }

        if (header.Position != _group.NextPosition)
        {
            throw new InvalidDataException(
                $"The log is corrupt at {LogAddress.Describe(address)}: found event position {header.Position}, expected {_group.NextPosition}.");
        }

        var streamName = ReadStreamName(body);
        var derivedNames = _tags.IsEnabled && TryPayload(body, streamName.Value.Length, out var payload)
            ? _tags.Extract(payload, enforceNamespace: false, out _)
            : null;
        _group.AddEvent(streamName, null, derivedNames, address, bodyOffset, header.BodyLength);
    }

    /// <summary>Applies the staged commit (its last record was staged) and starts the next one.</summary>
    public void EndCommit()
    {
        _group.Apply(_idempotency);
        _group.Reset();
    }

    public void Dispose() => _loader.Dispose();

    private void StageSystem(ReadOnlySpan<byte> body)
    {
        var record = SystemRecord.Parse(body);
        switch (record.Type)
        {
            case SystemRecord.CloseType:
                if (_group.Find(record.Stream) is { } stream && !_group.IsClosed(stream))
                {
                    _group.Close(stream);
                }

                break;
            case SystemRecord.CreateType:
                if (_group.Find(record.Stream) is null)
                {
                    var parsed = _matchers.Parse(record.Matcher!, "matcher");
                    var matcher = parsed.Value ?? throw new InvalidDataException($"The stored matcher of stream '{record.Stream}' no longer parses: {parsed.Error}");
                    var created = _group.Create(StreamName.FromTrusted(record.Stream), StreamKind.Derived, 0, matcher, _filters.Create(matcher));
                    _group.Backfill(created, _loader);
                }

                break;
            case SystemRecord.IdempotencyType:
                _group.Keys.Add(record.Idempotency!);
                break;
        }
    }

    private static StreamName ReadStreamName(ReadOnlySpan<byte> body)
    {
        var prefix = "{\"stream\":\""u8;
        if (!body.StartsWith(prefix))
        {
            throw new InvalidDataException("An event record does not start with its stream name.");
        }

        var rest = body[prefix.Length..];
        var end = rest.IndexOf((byte)'"');
        return StreamName.FromTrusted(Encoding.ASCII.GetString(rest[..end]));
    }

    private static bool TryPayload(ReadOnlySpan<byte> body, int streamNameLength, out ReadOnlySpan<byte> payload)
    {
        var start = "{\"stream\":\""u8.Length + streamNameLength + "\",\"payload\":"u8.Length;
        var reader = new Utf8JsonReader(body[start..]);
        if (!reader.Read())
        {
            payload = default;
            return false;
        }

        reader.Skip();
        payload = body.Slice(start, (int)reader.BytesConsumed);
        return true;
    }
}
