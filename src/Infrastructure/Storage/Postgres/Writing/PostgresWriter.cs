using System.Threading.Channels;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Infrastructure.Storage.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// The one writer loop of a node. Operations arrive through a bounded channel; the loop drains whatever is waiting
/// into one group and runs the group as ONE transaction at READ COMMITTED: the write lock (statement 1), the rows
/// the group needs (statement 2), the checks and staging of every operation in order (<see cref="GroupStager"/>),
/// the inserts, the head and the NOTIFY (<see cref="GroupFlusher"/>), COMMIT. A refused operation fails alone;
/// a failed transaction fails its group with <see cref="StorageUnavailableException"/> (nothing of it committed,
/// unless the connection broke during COMMIT itself, which is why retries carry idempotency keys). Cancellation is
/// honoured only before an operation is queued.
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
    private readonly Task _loop;

    public PostgresWriter(
        NpgsqlDataSource dataSource,
        IMatcherParser matchers,
        IEventFilterFactory filters,
        ChangeNotifier notifier,
        PostgresStoreOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _dataSource = dataSource;
        _notifier = notifier;
        _logger = logger;
        _maxGroup = Math.Max(1, options.MaxGroupOperations);
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

    private async Task RunGroupAsync(List<WriteOperation> operations)
    {
        try
        {
            await ProcessGroupAsync(operations);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogGroupFailed(_logger, exception);
            WriteOperation.FailAll(operations, () => new StorageUnavailableException("The PostgreSQL commit failed: " + exception.Message, exception));
        }
    }

    private async Task ProcessGroupAsync(List<WriteOperation> operations)
    {
        var cancellationToken = CancellationToken.None;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        var (head, streams) = await _loader.LockAsync(connection, cancellationToken);
        _context.Reset(head, streams);
        await _loader.LoadAsync(connection, _context, operations, cancellationToken);
        var touched = false;
        foreach (var operation in operations)
        {
            touched |= await _stager.StageAsync(connection, _context, operation, cancellationToken);
        }

        if (_context.HasChanges)
        {
            await GroupFlusher.FlushAsync(connection, _context, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Groups++;
        if (touched)
        {
            _notifier.Publish(_context.NextPosition - 1);
        }

        WriteOperation.CompleteAll(operations);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A group commit to PostgreSQL failed; its operations failed, nothing of it is visible")]
    private static partial void LogGroupFailed(ILogger logger, Exception exception);
}
