using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;
using CleanEventStore.Infrastructure.Storage.Embedded.Recovery;
using CleanEventStore.Infrastructure.Storage.Embedded.Writing;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// The embedded storage engine: one append-only segmented log for all streams, a single group-committing writer,
/// incrementally persisted indexes, lock-free readers. Layout of the data directory: <c>LOCK</c>, <c>log/*.seg</c>,
/// <c>index/</c> (positions, memberships, catalog, idempotency keys, checkpoint).
/// </summary>
public sealed partial class FileEventStore : IEventStore, IAsyncDisposable, IDisposable
{
    private readonly DataDirectoryLock _lock;
    private readonly EngineState _state;
    private readonly IndexStore _indexes;
    private readonly LogWriter _writer;
    private readonly EventTagExtractor _tags;
    private readonly IEventFilterFactory _filters;
    private readonly EventStoreOptions _options;
    private int _disposed;

    private FileEventStore(
        DataDirectoryLock directoryLock,
        EngineState state,
        IndexStore indexes,
        LogWriter writer,
        EventTagExtractor tags,
        IEventFilterFactory filters,
        EventStoreOptions options,
        RecoveryResult recovery)
    {
        _lock = directoryLock;
        _state = state;
        _indexes = indexes;
        _writer = writer;
        _tags = tags;
        _filters = filters;
        _options = options;
        Recovery = recovery;
    }

    /// <summary>What opening the store found and repaired.</summary>
    internal RecoveryResult Recovery { get; }

    internal EngineState State => _state;

    internal LogWriter Writer => _writer;

    /// <summary>Opens (creating if needed) the store in <c>options.StorageDirectory</c>, recovering as needed.</summary>
    public static FileEventStore Open(
        EventStoreOptions options,
        IMatcherParser matchers,
        IEventFilterFactory filters,
        TimeProvider timeProvider,
        ILogger<FileEventStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var directory = Path.GetFullPath(options.StorageDirectory);
        var directoryLock = DataDirectoryLock.Acquire(directory);
        IndexStore? indexes = null;
        EngineState? state = null;
        try
        {
            var logDirectory = Path.Combine(directory, "log");
            var indexDirectory = Path.Combine(directory, "index");
            state = new EngineState();
            indexes = IndexStore.Open(indexDirectory);
            var idempotency = new IdempotencyTable(options.IdempotencyKeyCapacity);
            idempotency.Load(indexDirectory);
            var tags = new EventTagExtractor(options.TypeAccessor, options.TagsAccessor);
            var dirty = new HashSet<StreamState>();
            var recovery = new LogRecovery(state, indexes, idempotency, dirty, tags, matchers, filters, logDirectory, timeProvider).Run();
            if (recovery.TornBytes > 0)
            {
                LogTornTail(logger, recovery.TornBytes, recovery.TornReason ?? "unknown", recovery.TornFile ?? string.Empty);
            }

            var writer = new LogWriter(
                state, indexes, idempotency, filters, dirty, recovery.CheckpointHead, options, logDirectory, indexDirectory, timeProvider, logger);
            LogOpened(logger, directory, state.Head, state.Catalog.Count, recovery.ReplayedEvents);
            return new FileEventStore(directoryLock, state, indexes, writer, tags, filters, options, recovery);
        }
        catch
        {
            if (state is not null)
            {
                foreach (var segment in state.Segments.All)
                {
                    segment.Dispose();
                }
            }

            indexes?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    public async ValueTask<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StreamNamespace.RefuseWriteStreamName(request.Stream.Value, "stream") is { } invalid)
        {
            return CommitOutcome.InvalidStream(invalid);
        }

        var events = request.Events;
        var derived = new IReadOnlyList<string>?[events.Count];
        long size = request.Idempotency is null ? 0 : 512 + request.Idempotency.Key.Length + request.Stream.Value.Length;
        for (var i = 0; i < events.Count; i++)
        {
            if (_tags.IsEnabled)
            {
                derived[i] = _tags.Extract(events[i].Span, enforceNamespace: true, out var error);
                if (error is not null)
                {
                    return CommitOutcome.InvalidDerived($"events[{i}]: {error}");
                }
            }

            size += EventRecordWriter.MaxSize(request.Stream.Value.Length, events[i].Length, request.Metadata.Length);
        }

        if (size > _writer.MaxCommitBytes)
        {
            return CommitOutcome.Oversized(
                $"The commit takes {size} bytes in the log, more than a segment holds ({_writer.MaxCommitBytes}). Split it into several commits.");
        }

        var operation = new CommitOperation(request, derived, (int)size);
        await _writer.EnqueueAsync(operation, cancellationToken);
        return await operation.Completion;
    }

    public async ValueTask<StreamChangeOutcome> CloseStreamAsync(StreamName stream, CancellationToken cancellationToken)
    {
        var operation = new StreamOperation(stream, null, null);
        await _writer.EnqueueAsync(operation, cancellationToken);
        return await operation.Completion;
    }

    public async ValueTask<StreamChangeOutcome> CreateStreamAsync(StreamName stream, Matcher matcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        var operation = new StreamOperation(stream, matcher, _filters.Create(matcher));
        await _writer.EnqueueAsync(operation, cancellationToken);
        return await operation.Completion;
    }

    public ValueTask<long> GetHeadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_state.Head);

    public ValueTask<StreamInfo?> GetStreamAsync(StreamName stream, CancellationToken cancellationToken)
    {
        var head = _state.Head;
        if (stream.IsAll)
        {
            return ValueTask.FromResult<StreamInfo?>(new StreamInfo(stream, StreamKind.All, head, false, null));
        }

        var state = _state.Catalog.Find(stream.Value);
        return ValueTask.FromResult(state is not null && state.IsVisibleAt(head) ? Describe(state, head) : null);
    }

    public async IAsyncEnumerable<StreamInfo> ListStreamsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var head = _state.Head;
        var count = _state.Catalog.Count;
        for (var id = 0; id < count; id++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = _state.Catalog[id];
            if (state.IsVisibleAt(head))
            {
                yield return Describe(state, head);
            }
        }
    }

    public IAsyncEnumerable<EventBatch> ReadAsync(ReadSource source, ResolvedWindow window, IEventFilter? filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var head = _state.Head;
        return new LogReader(_state, OpenCursor(source, window, head), filter, cancellationToken);
    }

    public ValueTask<SourceVersion?> GetVersionAsync(ReadSource source, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VersionOf(source, _state.Head));

    public async ValueTask<SourceVersion> WaitForChangeAsync(ReadSource source, long knownVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var notifier = _state.Notifier;
        using var lease = source switch
        {
            ReadSource.Stream { Name.IsAll: false } stream => notifier.ForStream(stream.Name.Value),
            ReadSource.Category category => notifier.ForCategory(category.Name),
            _ => null,
        };
        var streamLeases = source is ReadSource.Join join ? JoinLeases(join) : null;
        try
        {
            while (true)
            {
                var next = streamLeases is not null
                    ? Task.WhenAny(streamLeases.Select(l => l.Next))
                    : lease?.Next ?? notifier.NextAny();
                var version = VersionOf(source, _state.Head) ?? default;
                if (version.Version > knownVersion || version.Closed)
                {
                    return version;
                }

                await next.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            if (streamLeases is not null)
            {
                foreach (var streamLease in streamLeases)
                {
                    streamLease.Dispose();
                }
            }
        }
    }

    public ValueTask<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        var head = _state.Head;
        var segments = _state.Segments.All
            .Select(segment => new SegmentStatistics(Path.GetFileName(segment.Path), segment.Index, segment.CommittedLength, SegmentHeader.Size))
            .ToArray();
        var visible = 0;
        foreach (var stream in _state.Catalog.Snapshot())
        {
            if (stream.IsVisibleAt(head) && !stream.Name.IsHidden)
            {
                visible++;
            }
        }

        var fault = _writer.Fault;
        var open = Volatile.Read(ref _disposed) == 0;
        return ValueTask.FromResult(new StoreStatistics(
            Open: open,
            Writable: open && fault is null,
            Length: head,
            Streams: visible,
            Engine: "file",
            Durability: _options.Durability.ToString(),
            BytesWritten: segments.Sum(segment => segment.Size),
            Segments: segments,
            Index: new IndexStatistics(head, _indexes.MembershipCount, 0, _state.Catalog.Count),
            FaultReason: fault?.Message));
    }

    /// <summary>Stops the writer (after it checkpointed the indexes) and releases every file and the directory lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _writer.DisposeAsync();
        }
        finally
        {
            foreach (var segment in _state.Segments.All)
            {
                segment.Dispose();
            }

            _indexes.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>, for hosts that dispose synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private SourceVersion? VersionOf(ReadSource source, long head)
    {
        switch (source)
        {
            case ReadSource.Stream { Name.IsAll: true }:
            case ReadSource.Join:
                return new SourceVersion(head, Closed: false);
            case ReadSource.Stream stream:
                var state = _state.Catalog.Find(stream.Name.Value);
                return state is not null && state.IsVisibleAt(head) ? new SourceVersion(state.VisibleCount(head), state.Closed) : null;
            case ReadSource.Category category:
                return CategoryMembers(category.Name, head).Count > 0 ? new SourceVersion(head, Closed: false) : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown read source.");
        }
    }

    private PositionCursor OpenCursor(ReadSource source, ResolvedWindow window, long head)
    {
        if (window.IsEmpty)
        {
            return new RangeCursor(1, 0, true);
        }

        var ascending = window.IsForward;
        switch (source)
        {
            case ReadSource.Stream { Name.IsAll: true }:
                return new RangeCursor(window.Lowest, Math.Min(window.Target, head), ascending);
            case ReadSource.Stream stream:
            {
                var state = _state.Catalog.Find(stream.Name.Value);
                if (state is null || !state.IsVisibleAt(head))
                {
                    return new RangeCursor(1, 0, true);
                }

                var count = state.VisibleCount(head);
                return new ListCursor(state.Positions, window.Lowest - 1, Math.Min(window.Target, count) - 1, ascending, revisionsAreIndexes: true);
            }

            case ReadSource.Join join:
                return PositionSet.From(join.Selector, _state.Catalog, head).Open(window.Lowest, Math.Min(window.Target, head), ascending);
            case ReadSource.Category category:
            {
                var members = CategoryMembers(category.Name, head);
                return PositionSet.Union(members).Open(window.Lowest, Math.Min(window.Target, head), ascending);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown read source.");
        }
    }

    private List<PositionSet> CategoryMembers(string category, long head)
    {
        var members = new List<PositionSet>();
        foreach (var stream in _state.Catalog.Snapshot())
        {
            var name = stream.Name.Value;
            if (name.Length > category.Length
                && (name[category.Length] == '-' || name[category.Length] == '/')
                && name.StartsWith(category, StringComparison.Ordinal)
                && stream.IsVisibleAt(head))
            {
                members.Add(PositionSet.From(Domain.Selectors.Selector.Stream(stream.Name), _state.Catalog, head));
            }
        }

        return members;
    }

    private ChangeNotifier.Lease[]? JoinLeases(ReadSource.Join join)
    {
        var streams = join.Selector.Streams();
        if (streams.Any(stream => stream.IsAll))
        {
            return null;
        }

        return [.. streams.Select(stream => _state.Notifier.ForStream(stream.Value))];
    }

    private static StreamInfo Describe(StreamState state, long head) =>
        new(state.Name, state.Kind, state.VisibleCount(head), state.Closed, state.Matcher);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened event store {Directory}: {Events} events, {Streams} streams, {Replayed} events replayed from the log")]
    private static partial void LogOpened(ILogger logger, string directory, long events, int streams, long replayed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery cut {Bytes} bytes of an unacknowledged, incomplete write at the end of the log ({Reason}); kept in {File}")]
    private static partial void LogTornTail(ILogger logger, long bytes, string reason, string file);
}
