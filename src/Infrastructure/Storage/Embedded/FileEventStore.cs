using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
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
internal sealed partial class FileEventStore : IEventStore, IAsyncDisposable, IDisposable
{
    private readonly DataDirectoryLock _lock;
    private readonly EngineState _state;
    private readonly IndexStore _indexes;
    private readonly LogWriter _writer;
    private readonly EventTagExtractor _tags;
    private readonly IEventFilterFactory _filters;
    private readonly EventStoreOptions _options;
    private readonly ReadSourceResolver _sources;
    private readonly ChangeWaiter _changes;
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
        _sources = new ReadSourceResolver(state);
        _changes = new ChangeWaiter(state, _sources);
        Recovery = recovery;
    }

    /// <summary>What opening the store found and repaired.</summary>
    internal RecoveryResult Recovery { get; }

    internal EngineState State => _state;

    internal LogWriter Writer => _writer;

    /// <summary>Opens (creating if needed) the store in <c>options.StorageDirectory</c>, recovering as needed.</summary>
    public static FileEventStore Open(
        EventStoreOptions options,
        EmbeddedStorageOptions storage,
        IMatcherParser matchers,
        IEventFilterFactory filters,
        TimeProvider timeProvider,
        ILogger<FileEventStore> logger,
        EventStoreTelemetry? telemetry = null)
    {
        ThrowIfInvalid(options, storage);
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
            var idempotency = new IdempotencyTable(storage.IdempotencyKeyCapacity);
            idempotency.Load(indexDirectory);
            var tags = new EventTagExtractor(options.TypeAccessor, options.TagsAccessor);
            var dirty = new HashSet<StreamState>();
            var recovery = new LogRecovery(state, indexes, idempotency, dirty, tags, matchers, filters, logDirectory, timeProvider).Run();
            if (recovery.TornBytes > 0)
            {
                LogTornTail(logger, recovery.TornBytes, recovery.TornReason ?? "unknown", recovery.TornFile ?? string.Empty);
            }

            var writer = new LogWriter(
                state,
                indexes,
                idempotency,
                filters,
                dirty,
                recovery.CheckpointHead,
                storage.SegmentSizeBytes,
                options.Durability == DurabilityMode.Fsync,
                logDirectory,
                indexDirectory,
                timeProvider,
                logger,
                telemetry);
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

    private static void ThrowIfInvalid(EventStoreOptions options, EmbeddedStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        var errors = options.Validate().Concat(storage.Validate(options.MaxRequestBodyBytes)).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
    }

    public async ValueTask<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken)
    {
        // A commit never spans segments: the limit is what a segment holds.
        if (CommitPreparation.Prepare(request, _tags, RecordHeader.Size, _writer.MaxCommitBytes, out var operation) is { } refused)
        {
            return refused;
        }

        await _writer.EnqueueAsync(operation!, cancellationToken);
        return await operation!.Completion;
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

    public long KnownHead => _state.Head;

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
        var size = window.IsEmpty ? 0 : window.Target - window.Lowest + 1;
        return new LogReader(_state, _sources.OpenCursor(source, window, head), filter, size, cancellationToken);
    }

    public ValueTask<SourceVersion?> GetVersionAsync(ReadSource source, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_sources.VersionOf(source, _state.Head));

    public ValueTask<SourceVersion> WaitForChangeAsync(ReadSource source, long knownVersion, CancellationToken cancellationToken) =>
        _changes.WaitAsync(source, knownVersion, cancellationToken);

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

    private static StreamInfo Describe(StreamState state, long head) =>
        new(state.Name, state.Kind, state.VisibleCount(head), state.Closed, state.Matcher);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened event store {Directory}: {Events} events, {Streams} streams, {Replayed} events replayed from the log")]
    private static partial void LogOpened(ILogger logger, string directory, long events, int streams, long replayed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery cut {Bytes} bytes of an unacknowledged, incomplete write at the end of the log ({Reason}); kept in {File}")]
    private static partial void LogTornTail(ILogger logger, long bytes, string reason, string file);
}
