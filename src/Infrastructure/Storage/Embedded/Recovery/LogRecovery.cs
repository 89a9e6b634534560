using System.Buffers;
using System.Globalization;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Native;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;
using CleanEventStore.Infrastructure.Storage.Embedded.Writing;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>
/// Opens the log and brings memory up to date: loads the persisted indexes up to their checkpoint, then replays
/// every record after it, verifying lengths and CRCs and applying whole commits only. A torn tail (a group that was
/// being written when the process died, never acknowledged) is cut back to the last complete commit; the cut bytes
/// are kept in a side file. A damaged record followed by intact ones is not a torn tail but corruption: the store
/// then refuses to open rather than drop data that may have been acknowledged.
/// </summary>
internal sealed class LogRecovery(
    EngineState state,
    IndexStore indexes,
    IdempotencyTable idempotency,
    HashSet<StreamState> dirty,
    EventTagExtractor tags,
    IMatcherParser matchers,
    IEventFilterFactory filters,
    string logDirectory,
    TimeProvider timeProvider)
{
    private const int ChunkSize = 4 * 1024 * 1024;

    public RecoveryResult Run()
    {
        var segments = OpenSegments();
        state.Segments = new SegmentSet([.. segments]);
        var checkpoint = indexes.TryLoad(state.Positions, state.Catalog, CreateStream);
        long resume;
        if (checkpoint is { } cp && IsValidResume(cp.ResumeAddress))
        {
            state.PublishHead(cp.Head);
            resume = cp.ResumeAddress;
        }
        else
        {
            if (checkpoint is not null)
            {
                throw new InvalidDataException(
                    $"The index checkpoint points at {LogAddress.Describe(checkpoint.Value.ResumeAddress)}, beyond the log. Was a segment deleted?");
            }

            indexes.Reset();
            resume = state.Segments.All[0].StartAddress;
        }

        foreach (var segment in state.Segments.All)
        {
            segment.CommittedLength = segment.WrittenLength;
        }

        var before = state.Head;
        var (tornBytes, tornFile, reason) = Replay(resume);
        return new RecoveryResult(checkpoint?.Head ?? 0, state.Head - before, tornBytes, tornFile, reason);
    }

    private List<Segment> OpenSegments()
    {
        Directory.CreateDirectory(logDirectory);
        var indexes = new List<long>();
        foreach (var path in Directory.EnumerateFiles(logDirectory, "*.seg"))
        {
            if (Segment.TryParseFileName(Path.GetFileName(path), out var index))
            {
                indexes.Add(index);
            }
        }

        indexes.Sort();
        var segments = new List<Segment>(indexes.Count);
        if (indexes.Count == 0)
        {
            segments.Add(Segment.Create(logDirectory, 0, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), preallocate: 0));
            return segments;
        }

        for (var i = 0; i < indexes.Count; i++)
        {
            if (i > 0 && indexes[i] != indexes[i - 1] + 1)
            {
                throw new InvalidDataException(
                    $"Log segment {Segment.FileName(indexes[i - 1] + 1)} is missing from '{logDirectory}' (found {Segment.FileName(indexes[i])}).");
            }

            segments.Add(Segment.Open(Path.Combine(logDirectory, Segment.FileName(indexes[i])), indexes[i], writable: true));
        }

        return segments;
    }

    private bool IsValidResume(long address)
    {
        var segment = state.Segments.TryGet(LogAddress.Segment(address));
        return segment is not null && LogAddress.Offset(address) >= SegmentHeader.Size && LogAddress.Offset(address) <= segment.WrittenLength;
    }

    private StreamState CreateStream(CatalogEntry entry)
    {
        Domain.Matching.Matcher? matcher = null;
        IEventFilter? filter = null;
        if (entry.MatcherJson is not null)
        {
            var parsed = matchers.Parse(entry.MatcherJson, "matcher");
            matcher = parsed.Value ?? throw new InvalidDataException($"The stored matcher of stream '{entry.Name}' no longer parses: {parsed.Error}");
            filter = filters.Create(matcher);
        }

        return new StreamState(entry.Id, StreamName.FromTrusted(entry.Name), entry.Kind, matcher, filter, entry.FirstPosition);
    }

    private (long TornBytes, string? TornFile, string? Reason) Replay(long resume)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var group = new GroupState(state, dirty, () => buffer);
        using var loader = new RecordLoader(state);
        var lastCommitEnd = resume;
        try
        {
            group.Reset();
            var segmentIndex = LogAddress.Segment(resume);
            var offset = LogAddress.Offset(resume);
            while (state.Segments.TryGet(segmentIndex) is { } segment)
            {
                var fileLength = segment.WrittenLength;
                long chunkStart = 0;
                var chunkLength = 0;
                while (offset < fileLength)
                {
                    if (offset + RecordHeader.Size > fileLength)
                    {
                        return Cut(lastCommitEnd, "a record header is incomplete");
                    }

                    if (offset < chunkStart || offset + RecordHeader.Size > chunkStart + chunkLength)
                    {
                        chunkStart = offset;
                        chunkLength = (int)Math.Min(buffer.Length, fileLength - offset);
                        LogReader.ReadExactly(segment.Handle, buffer.AsSpan(0, chunkLength), chunkStart);
                    }

                    var header = RecordHeader.Parse(buffer.AsSpan((int)(offset - chunkStart), RecordHeader.Size));
                    if (header == default)
                    {
                        // The data ends here; the rest of the file was zero-filled ahead of the writer. Anything
                        // non-zero after it is the remains of a group that was being written when the process died.
                        if (LastNonZero(segment, offset, fileLength) >= 0)
                        {
                            return Cut(lastCommitEnd, "the log has unfinished data after its end");
                        }

                        segment.WrittenLength = offset;
                        segment.CommittedLength = offset;
                        break;
                    }

                    if (header.BodyLength <= 0 || header.BodyLength > RecordHeader.MaxBodyLength || offset + header.TotalLength > fileLength)
                    {
                        return Cut(lastCommitEnd, "a record is incomplete");
                    }

                    if (offset + header.TotalLength > chunkStart + chunkLength)
                    {
                        if (header.TotalLength > buffer.Length)
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = ArrayPool<byte>.Shared.Rent(header.TotalLength);
                        }

                        chunkStart = offset;
                        chunkLength = (int)Math.Min(buffer.Length, fileLength - offset);
                        LogReader.ReadExactly(segment.Handle, buffer.AsSpan(0, chunkLength), chunkStart);
                    }

                    var recordOffset = (int)(offset - chunkStart);
                    if (!RecordHeader.Verify(buffer.AsSpan(recordOffset, header.TotalLength)))
                    {
                        if (IsFollowedByValidRecord(segment, offset + header.TotalLength, fileLength))
                        {
                            throw new InvalidDataException(
                                $"The log is corrupt at {LogAddress.Describe(LogAddress.Make(segment.Index, offset))}: the record's checksum does not match, but intact records follow it. Refusing to open rather than drop them; restore the segment from a backup.");
                        }

                        return Cut(lastCommitEnd, "a record's checksum does not match");
                    }

                    var address = LogAddress.Make(segment.Index, offset);
                    var bodyOffset = recordOffset + RecordHeader.Size;
                    var body = buffer.AsSpan(bodyOffset, header.BodyLength);
                    if (header.IsSystem)
                    {
                        ReplaySystem(group, body, loader);
                    }
                    else
                    {
                        if (header.Position != group.NextPosition)
                        {
                            throw new InvalidDataException(
                                $"The log is corrupt at {LogAddress.Describe(address)}: found event position {header.Position}, expected {group.NextPosition}.");
                        }

                        var streamName = ReadStreamName(body);
                        var derivedNames = tags.IsEnabled && TryPayload(body, streamName.Value.Length, out var payload)
                            ? tags.Extract(payload, enforceNamespace: false, out _)
                            : null;
                        group.AddEvent(streamName, null, derivedNames, address, bodyOffset, header.BodyLength);
                    }

                    offset += header.TotalLength;
                    if (header.IsCommitEnd)
                    {
                        group.Apply(idempotency);
                        group.Reset();
                        lastCommitEnd = LogAddress.Make(segment.Index, offset);
                    }
                }

                segmentIndex++;
                offset = SegmentHeader.Size;
            }

            return group.IsEmpty ? (0, null, null) : Cut(lastCommitEnd, "the last commit is incomplete");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReplaySystem(GroupState group, ReadOnlySpan<byte> body, RecordLoader loader)
    {
        var record = SystemRecord.Parse(body);
        switch (record.Type)
        {
            case SystemRecord.CloseType:
                if (group.Find(record.Stream) is { } stream && !group.IsClosed(stream))
                {
                    group.Close(stream);
                }

                break;
            case SystemRecord.CreateType:
                if (group.Find(record.Stream) is null)
                {
                    var parsed = matchers.Parse(record.Matcher!, "matcher");
                    var matcher = parsed.Value ?? throw new InvalidDataException($"The stored matcher of stream '{record.Stream}' no longer parses: {parsed.Error}");
                    var created = group.Create(StreamName.FromTrusted(record.Stream), StreamKind.Derived, 0, matcher, filters.Create(matcher));
                    group.Backfill(created, loader);
                }

                break;
            case SystemRecord.IdempotencyType:
                group.Keys.Add(record.Idempotency!);
                break;
        }
    }

    private bool IsFollowedByValidRecord(Segment segment, long offset, long fileLength)
    {
        if (offset + RecordHeader.Size > fileLength)
        {
            return false;
        }

        Span<byte> headerBytes = stackalloc byte[RecordHeader.Size];
        LogReader.ReadExactly(segment.Handle, headerBytes, offset);
        var header = RecordHeader.Parse(headerBytes);
        if (header.BodyLength <= 0 || header.BodyLength > RecordHeader.MaxBodyLength || offset + header.TotalLength > fileLength)
        {
            return false;
        }

        var record = new byte[header.TotalLength];
        LogReader.ReadExactly(segment.Handle, record, offset);
        return RecordHeader.Verify(record);
    }

    /// <summary>Cuts the log at <paramref name="address"/>, keeping the cut bytes of every later segment in side files.</summary>
    private (long TornBytes, string? TornFile, string? Reason) Cut(long address, string reason)
    {
        var stamp = timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        long total = 0;
        string? firstFile = null;
        var keep = new List<Segment>();
        foreach (var segment in state.Segments.All)
        {
            if (segment.Index < LogAddress.Segment(address))
            {
                keep.Add(segment);
                continue;
            }

            var from = segment.Index == LogAddress.Segment(address) ? LogAddress.Offset(address) : 0;
            var length = LastNonZero(segment, from, segment.PreparedLength) + 1 - from;
            if (length > 0)
            {
                var side = segment.Path + ".torn-" + stamp;
                var bytes = new byte[length];
                LogReader.ReadExactly(segment.Handle, bytes, from);
                File.WriteAllBytes(side, bytes);
                firstFile ??= side;
                total += length;
            }

            if (segment.Index == LogAddress.Segment(address))
            {
                RandomAccess.SetLength(segment.Handle, from);
                RandomAccess.FlushToDisk(segment.Handle);
                segment.WrittenLength = from;
                segment.CommittedLength = from;
                segment.PreparedLength = from;
                keep.Add(segment);
            }
            else
            {
                segment.Dispose();
                File.Delete(segment.Path);
            }
        }

        PosixFileSystem.FsyncDirectory(logDirectory);
        state.Segments = new SegmentSet([.. keep]);
        return (total, firstFile, reason);
    }

    /// <summary>Offset of the last non-zero byte of [from, to) in the segment, or -1 when it is all zeros.</summary>
    private static long LastNonZero(Segment segment, long from, long to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            var end = to;
            while (end > from)
            {
                var length = (int)Math.Min(buffer.Length, end - from);
                var start = end - length;
                LogReader.ReadExactly(segment.Handle, buffer.AsSpan(0, length), start);
                var index = buffer.AsSpan(0, length).LastIndexOfAnyExcept((byte)0);
                if (index >= 0)
                {
                    return start + index;
                }

                end = start;
            }

            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
        return StreamName.FromTrusted(System.Text.Encoding.ASCII.GetString(rest[..end]));
    }

    private static bool TryPayload(ReadOnlySpan<byte> body, int streamNameLength, out ReadOnlySpan<byte> payload)
    {
        var start = "{\"stream\":\""u8.Length + streamNameLength + "\",\"payload\":"u8.Length;
        var reader = new System.Text.Json.Utf8JsonReader(body[start..]);
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
