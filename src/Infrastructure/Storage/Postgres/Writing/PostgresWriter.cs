using System.Diagnostics;
using System.Threading.Channels;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Infrastructure.Storage.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// The one writer loop of a node. Operations arrive through a bounded channel; the loop drains whatever is waiting
/// into one group and runs the group as ONE transaction at READ COMMITTED, on the writer's own connection, in two
/// round trips for a group of plain commits: BEGIN, the write lock and the rows the group needs (one batch,
/// <see cref="GroupLoader"/>); after the checks and staging of every operation in order (<see cref="GroupStager"/>,
/// which asks the database only for DCB conditions and matcher backfills), the inserts, the head, the NOTIFY and
/// COMMIT (one batch, <see cref="GroupFlusher"/>). A refused operation fails alone;
/// a failed transaction fails its group with <see cref="StorageUnavailableException"/> (nothing of it committed,
/// unless the connection broke during COMMIT itself, which is why retries carry idempotency keys).
/// <para>Failure and cancellation policy. A caller's cancellation is honoured only before its operation is queued;
/// once queued it is part of a group and gets the group's outcome. A group has a deadline
/// (<see cref="PostgresStoreOptions.GroupTimeoutMs"/>) from taking a connection to its COMMIT: past it, every statement
/// in flight is cancelled (Npgsql asks the server, and breaks the connection if the server does not answer), the
/// transaction is abandoned and the whole group fails as unavailable (503), so a hung database never holds callers
/// forever. The writer then goes on with the next group on a fresh connection; it never faults for good, because the
/// database, not this node, owns the state.</para>
/// </summary>
internal sealed partial class PostgresWriter : IAsyncDisposable
{
    private readonly Channel<WriteOperation> _channel;
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupLoader _loader;
    private readonly GroupStager _stager;
    private readonly GroupContext _context = new(new GroupBuffer());
    private readonly ChangeNotifier _notifier;
    private readonly ILogger _logger;
    private readonly int _maxGroup;
    private readonly TimeSpan _groupTimeout;
    private readonly int _keyCapacity;
    private readonly int _pruneEvery;
    private long _keysSincePrune;
    private NpgsqlConnection? _connection;
    private readonly Task _loop;
    private readonly EventStoreTelemetry? _telemetry;

    public PostgresWriter(
        NpgsqlDataSource dataSource,
        IMatcherParser matchers,
        IEventFilterFactory filters,
        ChangeNotifier notifier,
        PostgresStoreOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        EventStoreTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        _dataSource = dataSource;
        _notifier = notifier;
        _logger = logger;
        _maxGroup = Math.Max(1, options.MaxGroupOperations);
        _groupTimeout = TimeSpan.FromMilliseconds(Math.Max(1, options.GroupTimeoutMs));
        _keyCapacity = Math.Max(0, options.IdempotencyKeyCapacity);
        _pruneEvery = Math.Max(1, _keyCapacity / 8);
        _loader = new GroupLoader(matchers, filters, options.LockTimeoutMs);
        _stager = new GroupStager(new GroupChecks(filters), timeProvider);
        _channel = Channel.CreateBounded<WriteOperation>(new BoundedChannelOptions(Math.Max(1, options.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Groups committed by this node (for statistics).</summary>
    public long Groups { get; private set; }

    public async ValueTask EnqueueAsync(WriteOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(operation, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new StorageUnavailableException("The event store is shutting down.", exception);
        }
    }

    /// <summary>
    /// For tests of what happens inside one group: parks the writer before it takes its next group and returns once it
    /// is parked; operations queued until the returned handle is disposed are then drained into one group.
    /// </summary>
    internal async Task<IDisposable> HoldNextGroupAsync()
    {
        var hold = new GroupHold();
        await EnqueueAsync(hold, CancellationToken.None);
        await hold.Parked.WaitAsync(TimeSpan.FromSeconds(30));
        return hold;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
        await CloseConnectionAsync();
        _context.Buffer.Dispose();
    }

    private async Task RunAsync()
    {
        var operations = new List<WriteOperation>(256);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            GroupHold? hold = null;
            while (operations.Count < _maxGroup && reader.TryRead(out var operation))
            {
                if (operation is GroupHold marker)
                {
                    hold = marker;
                    break;
                }

                operations.Add(operation);
            }

            if (operations.Count > 0)
            {
                await RunGroupAsync(operations);
                operations.Clear();
            }

            if (hold is not null)
            {
                hold.Park();
                await hold.Released;
            }
        }
    }

    /// <summary>
    /// Runs one group under its deadline and delivers its outcomes. Past the deadline the callers are failed at once,
    /// whatever the attempt is waiting for (Npgsql's own cancellation of a statement on a hung server can take as long
    /// as its connect and command timeouts); the attempt never commits after its deadline, and the writer waits for it
    /// to unwind before it starts the next group, which shares the group state.
    /// </summary>
    private async Task RunGroupAsync(List<WriteOperation> operations)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = _telemetry?.ActivitySource.StartActivity("ces.writer.flush");
        activity?.SetTag("ces.writer.group.size", operations.Count);
        using var deadline = new CancellationTokenSource(_groupTimeout);
        var attempt = ProcessGroupAsync(operations, deadline.Token);
        Exception? waitFailure = null;
        try
        {
            await attempt.WaitAsync(deadline.Token);
        }
        catch (Exception waited) when (waited is not OutOfMemoryException)
        {
            waitFailure = waited;
        }

        // The deadline may fire just as the attempt succeeds: then it succeeded.
        if (waitFailure is { } exception && !attempt.IsCompletedSuccessfully)
        {
            var failure = attempt.IsFaulted ? attempt.Exception.GetBaseException() : exception;
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            LogGroupFailed(_logger, failure);
            var message = deadline.IsCancellationRequested
                ? $"The PostgreSQL commit did not finish within {(long)_groupTimeout.TotalMilliseconds} ms (EventStore:Postgres:GroupTimeoutMs)."
                : "The PostgreSQL commit failed: " + failure.Message;
            WriteOperation.FailAll(operations, () => new StorageUnavailableException(message, failure));
            try
            {
                await attempt;
            }
            catch (Exception unwound) when (unwound is not OutOfMemoryException)
            {
                // Expected: the attempt was cancelled or its connection broke; it has been reported above. The
                // connection's state is unknown (a statement may still run on the server): the next group opens another.
                await CloseConnectionAsync();
                return;
            }

            // The deadline passed during COMMIT and the COMMIT went through: the callers were told "unavailable"
            // (retries with an idempotency key get the first result); waiters must still learn of the new head.
            LogCommittedAfterDeadline(_logger);
            Publish(attempt.Result);
            return;
        }

        _telemetry?.GroupFlushed(postgres: true, operations.Count, started);
        Publish(attempt.Result);
        WriteOperation.CompleteAll(operations);
    }

    private async ValueTask CloseConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                // The group's statements have ended (the caller awaited them); end its transaction before the
                // connection goes back to the pool (a ROLLBACK outside a transaction is only a warning).
                if (connection.State == System.Data.ConnectionState.Open)
                {
                    await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                    await rollback.ExecuteNonQueryAsync();
                }

                await connection.DisposeAsync();
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or OperationCanceledException)
            {
                // A broken connection fails to roll back or to close cleanly; Npgsql does not pool a broken one.
                LogCloseFailed(_logger, exception);
                await connection.DisposeAsync();
            }
        }
    }

    private void Publish(bool touched)
    {
        Groups++;
        if (touched)
        {
            _notifier.Publish(_context.NextPosition - 1);
        }
    }

    /// <summary>One group transaction; true when it committed something waiters see. The caller delivers the outcomes.</summary>
    private async Task<bool> ProcessGroupAsync(List<WriteOperation> operations, CancellationToken cancellationToken)
    {
        // The writer keeps one connection for its groups (a pooled one would be reset on every return); any failure
        // closes it, and the next group opens a fresh one.
        // The transaction is begun and committed by the group's own batches (BEGIN leads the first, COMMIT ends the
        // last), which saves COMMIT its own round trip; a failed group's connection is closed, which rolls it back.
        var connection = _connection ??= await _dataSource.OpenConnectionAsync(cancellationToken);
        await _loader.LockAndLoadAsync(connection, _context, operations, cancellationToken);
        var touched = false;
        foreach (var operation in operations)
        {
            touched |= await _stager.StageAsync(connection, _context, operation, cancellationToken);
        }

        if (_keyCapacity == 0)
        {
            // Nothing is remembered past the group (a retry inside the same group is still a duplicate).
            _context.NewKeys.Clear();
        }

        var keys = _keysSincePrune + _context.NewKeys.Count;
        var prune = _context.NewKeys.Count > 0 && keys >= _pruneEvery;
        await GroupFlusher.FlushAndCommitAsync(connection, _context, prune ? _keyCapacity : null, cancellationToken);
        _keysSincePrune = prune ? 0 : keys;
        return touched;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the writer's broken PostgreSQL connection failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A PostgreSQL group committed after its deadline, when its callers had been told it failed")]
    private static partial void LogCommittedAfterDeadline(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A group commit to PostgreSQL failed; its operations failed, nothing of it is visible")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception);
}
