using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using CleanEventStore.Infrastructure.Storage.Embedded.Writing;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Recovery;

/// <summary>
/// Opens the log and brings memory up to date: loads the persisted indexes up to their checkpoint, then replays
/// every record after it, verifying lengths and CRCs (<see cref="LogScanner"/>) and applying whole commits only
/// (<see cref="ReplayApplier"/>). A torn tail (a group that was
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
        var torn = Replay(resume);
        return new RecoveryResult(checkpoint?.Head ?? 0, state.Head - before, torn.Bytes, torn.File, torn.Reason);
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

    /// <summary>Replays the log from <paramref name="resume"/>: the scanner reads and verifies, the applier applies whole commits.</summary>
    private TornTail Replay(long resume)
    {
        using var scanner = new LogScanner(state.Segments, resume);
        using var applier = new ReplayApplier(state, dirty, idempotency, tags, matchers, filters, () => scanner.Buffer);
        var lastCommitEnd = resume;
        while (true)
        {
            switch (scanner.Next())
            {
                case ScanStep.Record:
                    applier.Stage(scanner.Header, scanner.Address, scanner.Body, scanner.BodyOffset);
                    if (scanner.Header.IsCommitEnd)
                    {
                        applier.EndCommit();
                        lastCommitEnd = scanner.NextAddress;
                    }

                    break;
                case ScanStep.Torn:
                    return TornTailCutter.Cut(state, logDirectory, timeProvider, lastCommitEnd, scanner.TornReason!);
                default:
                    return applier.HasIncompleteCommit
                        ? TornTailCutter.Cut(state, logDirectory, timeProvider, lastCommitEnd, "the last commit is incomplete")
                        : TornTail.None;
            }
        }
    }
}
