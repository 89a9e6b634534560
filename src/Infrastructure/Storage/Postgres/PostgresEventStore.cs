using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Postgres.Reading;
using CleanEventStore.Infrastructure.Storage.Postgres.Schema;
using CleanEventStore.Infrastructure.Storage.Postgres.Writing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>
/// The PostgreSQL provider: any number of nodes share one database. Commits are serialised inside PostgreSQL by the
/// head-row lock that every node's group transaction takes first (<see cref="PostgresWriter"/>), so positions are
/// gapless and in commit order, and every position up to the committed head is settled. Reads stream the stored
/// NDJSON bytes (<see cref="PostgresReader"/>); waiters are woken by LISTEN/NOTIFY (<see cref="ChangeListener"/>).
/// </summary>
internal sealed class PostgresEventStore : IEventStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly EventTagExtractor _tags;
    private readonly IEventFilterFactory _filters;
    private readonly PostgresWriter _writer;
    private readonly PostgresReader _reader;
    private readonly ChangeNotifier _notifier;
    private readonly ChangeListener _listener;
    private readonly StoreQueries _queries;
    private readonly TimeSpan _poll;
    private readonly long _maxCommitBytes;
    private (long Head, long Streams, long Memberships) _lastCounts;
    private int _disposed;

    private PostgresEventStore(
        NpgsqlDataSource dataSource, bool ownsDataSource, EventStoreOptions options, PostgresStoreOptions postgres, IMatcherParser matchers, IEventFilterFactory filters, TimeProvider timeProvider, ILogger logger, EventStoreTelemetry? telemetry)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _tags = new EventTagExtractor(options.TypeAccessor, options.TagsAccessor);
        _filters = filters;
        _notifier = new ChangeNotifier();
        _writer = new PostgresWriter(dataSource, matchers, filters, _notifier, postgres, timeProvider, logger, telemetry);
        _reader = new PostgresReader(dataSource);
        _listener = new ChangeListener(dataSource, _notifier, logger);
        _queries = new StoreQueries(dataSource, matchers);
        _poll = TimeSpan.FromMilliseconds(Math.Max(10, postgres.PollIntervalMs));
        _maxCommitBytes = postgres.MaxCommitBytes;
    }

    internal PostgresWriter Writer => _writer;

    internal StoreQueries Queries => _queries;

    internal ChangeNotifier Notifier => _notifier;

    /// <summary>Migrates the schema (safe when several nodes start at once) and starts the writer and the listener.</summary>
    public static async Task<PostgresEventStore> OpenAsync(
        NpgsqlDataSource dataSource,
        bool ownsDataSource,
        EventStoreOptions options,
        PostgresStoreOptions postgres,
        IMatcherParser matchers,
        IEventFilterFactory filters,
        TimeProvider timeProvider,
        ILogger logger,
        CancellationToken cancellationToken,
        EventStoreTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        if (postgres.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(postgres));
        }

        await SchemaMigrator.MigrateAsync(dataSource, cancellationToken);
        var store = new PostgresEventStore(dataSource, ownsDataSource, options, postgres, matchers, filters, timeProvider, logger, telemetry);
        await store._listener.Listening.WaitAsync(cancellationToken);
        return store;
    }

    public async ValueTask<CommitOutcome> CommitAsync(CommitRequest request, CancellationToken cancellationToken)
    {
        if (CommitPreparation.Prepare(request, _tags, perEventOverhead: 0, _maxCommitBytes, out var operation) is { } refused)
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

    public async ValueTask<long> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await PostgresReader.HeadAsync(connection, cancellationToken);
    }

    /// <summary>The highest head this node committed or heard by NOTIFY (a reconnected listener reads it afresh).</summary>
    public long KnownHead => _notifier.Head;

    public ValueTask<StreamInfo?> GetStreamAsync(StreamName stream, CancellationToken cancellationToken) =>
        _queries.GetStreamAsync(stream, cancellationToken);

    public IAsyncEnumerable<StreamInfo> ListStreamsAsync(CancellationToken cancellationToken) => _queries.ListStreamsAsync(cancellationToken);

    public IAsyncEnumerable<EventBatch> ReadAsync(ReadSource source, ResolvedWindow window, IEventFilter? filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _reader.ReadAsync(source, window, filter, cancellationToken);
    }

    public ValueTask<SourceVersion?> GetVersionAsync(ReadSource source, CancellationToken cancellationToken) =>
        _queries.GetVersionAsync(source, cancellationToken);

    /// <summary>
    /// Waits for a publication (a commit of this node or a NOTIFY from any node) or the safety-net poll, then looks at
    /// the version again. The publication is taken before each look, so a change after the look wakes the waiter. A look
    /// after a publication costs no query per waiter: <c>_all</c> and joins take the head it carried, and a stream or
    /// category is queried once for all the waiters of that publication; only the poll queries afresh.
    /// </summary>
    public async ValueTask<SourceVersion> WaitForChangeAsync(ReadSource source, long knownVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var publication = _notifier.Current;
        var version = await VersionAtAsync(publication, source, cancellationToken);
        while (version.Version <= knownVersion && !version.Closed)
        {
            var next = publication.Next;
            var woken = await Task.WhenAny(next, Task.Delay(_poll, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            publication = _notifier.Current;
            version = woken == next
                ? await VersionAtAsync(publication, source, cancellationToken)
                : await _queries.GetVersionAsync(source, cancellationToken) ?? default;
        }

        return version;
    }

    /// <summary>The version of <paramref name="source"/> as of <paramref name="publication"/> or later.</summary>
    private async ValueTask<SourceVersion> VersionAtAsync(ChangeNotifier.Publication publication, ReadSource source, CancellationToken cancellationToken)
    {
        var version = source switch
        {
            ReadSource.Stream { Name.IsAll: true } or ReadSource.Join => new SourceVersion(publication.Head, Closed: false),
            ReadSource.Stream stream => await publication.VersionAsync(false, stream.Name.Value, () => _queries.GetVersionAsync(source, CancellationToken.None).AsTask())
                .WaitAsync(cancellationToken),
            ReadSource.Category category => await publication.VersionAsync(true, category.Name, () => _queries.GetVersionAsync(source, CancellationToken.None).AsTask())
                .WaitAsync(cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown read source."),
        };
        return version ?? default;
    }

    /// <summary>
    /// The counts from the database; when it cannot be reached the store is open but not writable, with the cause as
    /// the fault reason (so <c>/health</c> answers 503 "degraded" instead of failing), and the last counts seen.
    /// </summary>
    public async ValueTask<StoreStatistics> GetStatisticsAsync(CancellationToken cancellationToken)
    {
        var open = Volatile.Read(ref _disposed) == 0;
        string? fault = null;
        try
        {
            _lastCounts = await _queries.CountsAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            fault = "The PostgreSQL database cannot be reached: " + exception.Message;
        }

        var (head, streams, memberships) = _lastCounts;
        return new StoreStatistics(
            Open: open,
            Writable: open && fault is null,
            Length: head,
            Streams: (int)streams,
            Engine: "postgres",
            Durability: "PostgreSQL",
            BytesWritten: 0,
            Segments: [],
            Index: new IndexStatistics(head, memberships, head, (int)streams),
            FaultReason: fault);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync();
        await _listener.DisposeAsync();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
