using System.Globalization;
using CleanEventStore.Infrastructure.Storage.Postgres.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>
/// Holds one dedicated connection that <c>LISTEN</c>s on the head channel and publishes every head it hears; after a
/// lost connection it reconnects, reads the head (a notification may have been missed) and listens again.
/// </summary>
internal sealed partial class ChangeListener : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private readonly NpgsqlDataSource _dataSource;
    private readonly ChangeNotifier _notifier;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _loop;

    public ChangeListener(NpgsqlDataSource dataSource, ChangeNotifier notifier, ILogger logger)
    {
        _dataSource = dataSource;
        _notifier = notifier;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once the first LISTEN is in place.</summary>
    public Task Listening => _listening.Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(token);
            }
            catch (Exception exception) when (!token.IsCancellationRequested && exception is NpgsqlException or IOException or TimeoutException)
            {
                LogListenFailed(_logger, exception);
                await Task.Delay(ReconnectDelay, token);
            }
        }
    }

    private async Task ListenAsync(CancellationToken token)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(token);
        connection.Notification += (_, notification) =>
        {
            if (long.TryParse(notification.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var head))
            {
                _notifier.Publish(head);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresSchema.Channel}; SELECT position FROM head WHERE id = 1", connection))
        {
            var head = await listen.ExecuteScalarAsync(token);
            _notifier.Publish(head is long value ? value : 0);
        }

        _listening.TrySetResult();
        while (true)
        {
            await connection.WaitAsync(token);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PostgreSQL LISTEN connection failed; reconnecting (waiters poll meanwhile)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
