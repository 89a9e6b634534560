using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>
/// The storage engine. Implementations: the embedded file engine (default). Expected outcomes of writes
/// (a wrong expected version, a closed stream) are result values; only I/O failures throw.
/// Everything is asynchronous so that a remote provider (PostgreSQL) fits behind the same contract.
/// </summary>
public interface IEventStore
{
    /// <summary>Appends one commit atomically; the result is known once it is durable (or rejected).</summary>
    ValueTask<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken);

    /// <summary>Seals a stream: readable forever, no further commits.</summary>
    ValueTask<StreamChangeOutcome> CloseStreamAsync(StreamName stream, CancellationToken cancellationToken);

    /// <summary>Creates a persistent derived stream holding every existing and future event the matcher accepts.</summary>
    ValueTask<StreamChangeOutcome> CreateStreamAsync(StreamName stream, Domain.Matching.Matcher matcher, CancellationToken cancellationToken);

    /// <summary>Number of events in the global log (the position of the last visible event).</summary>
    ValueTask<long> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A head known without I/O: committed and visible to reads, never ahead of <see cref="GetHeadAsync"/>, but it may
    /// trail it for a moment (PostgreSQL: the highest head this node committed or heard by NOTIFY; the embedded engine:
    /// its published head, the same as <see cref="GetHeadAsync"/>). Follows use it for heartbeats, so that idle
    /// followers cost no query.
    /// </summary>
    long KnownHead { get; }

    /// <summary>The stream, or <c>null</c> when it does not exist. <c>_all</c> describes the global log.</summary>
    ValueTask<StreamInfo?> GetStreamAsync(StreamName stream, CancellationToken cancellationToken);

    /// <summary>Every stream in creation order.</summary>
    IAsyncEnumerable<StreamInfo> ListStreamsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Streams raw NDJSON lines of the events of <paramref name="source"/> inside <paramref name="window"/>
    /// (revisions of the stream, or global positions for global sources), in window order, skipping events the
    /// filter rejects. Only what is visible when the read starts is returned. A batch is only valid until the
    /// enumerator moves on.
    /// </summary>
    IAsyncEnumerable<EventBatch> ReadAsync(ReadSource source, ResolvedWindow window, IEventFilter? filter, CancellationToken cancellationToken);

    /// <summary>
    /// The current version of <paramref name="source"/>: the stream version for a stream, the log length for
    /// global sources, and whether it is closed (a closed write stream never grows); <c>null</c> when a stream or
    /// category does not exist.
    /// </summary>
    ValueTask<SourceVersion?> GetVersionAsync(ReadSource source, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when <paramref name="source"/> may have grown beyond <paramref name="knownVersion"/>, or is closed,
    /// and returns its version then (it may return early; callers re-check). A closed source completes at once.
    /// Cancel to stop waiting.
    /// </summary>
    ValueTask<SourceVersion> WaitForChangeAsync(ReadSource source, long knownVersion, CancellationToken cancellationToken);

    /// <summary>Counters for the health endpoints.</summary>
    ValueTask<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken);
}
