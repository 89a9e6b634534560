using System.IO.Hashing;
using System.Text;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Consumers.Runtime;
using CleanEventStore.Infrastructure.Storage.Postgres.Schema;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Consumers;

/// <summary>
/// Consumer leases as PostgreSQL session advisory locks, <c>pg_try_advisory_lock(ConsumerLockClass, key)</c> with key
/// the XxHash32 of the consumer's identifier, all taken on one dedicated connection (not pooled) that this node
/// holds open: when the node dies its session ends and PostgreSQL releases every lock at once, so another node gets
/// them on its next retry. The session asks the server for TCP keepalives (5 s idle, then every second, 3 probes),
/// so a node that vanishes without closing its socket loses its locks within about 8 s. Two identifiers with the
/// same key are harmless: advisory locks are re-entrant within a session, so both simply stay on one node. A failed
/// command on the lock session forgets every lease (the session, and its locks, may be gone); the next call opens a
/// new session.
/// <para>A second dedicated connection <c>LISTEN</c>s on <see cref="PostgresSchema.ConsumerChannel"/> and completes
/// <see cref="Changed"/> at every notification (and after every reconnect, in case one was missed).</para>
/// </summary>
internal sealed partial class PostgresConsumerLeases : IConsumerLeases
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = NewSource();
    private NpgsqlConnection? _session;
    private Task _listening = Task.CompletedTask;
    private int _disposed;

    public PostgresConsumerLeases(PostgresStoreOptions options, ILogger<PostgresConsumerLeases> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "ces-consumer-leases",
            KeepAlive = 5,
        }.ConnectionString;
        _logger = logger;
        RetryInterval = TimeSpan.FromMilliseconds(Math.Max(10, options.ConsumerLeaseRetryMs));
    }

    public TimeSpan RetryInterval { get; }

    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>The server process of the lock session, or null without one (tests end it to simulate a dead node).</summary>
    public int? SessionProcessId => _session?.ProcessID;

    /// <summary>The key of <paramref name="id"/>'s lock under <see cref="PostgresSchema.ConsumerLockClass"/>.</summary>
    public static int LockKey(ConsumerId id) => unchecked((int)XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id.Value)));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _listening = Task.Run(() => ListenLoopAsync(listening), CancellationToken.None);
        return listening.Task.WaitAsync(cancellationToken);
    }

    public bool Holds(ConsumerId id)
    {
        lock (_held)
        {
            return _held.Contains(id.Value);
        }
    }

    public async ValueTask<bool> TryAcquireAsync(ConsumerId id, CancellationToken cancellationToken)
    {
        if (Holds(id))
        {
            return true;
        }

        var acquired = await ExecuteAsync("SELECT pg_try_advisory_lock(@class, @key)", id, cancellationToken);
        if (acquired)
        {
            lock (_held)
            {
                _held.Add(id.Value);
            }
        }

        return acquired;
    }

    public async ValueTask ReleaseAsync(ConsumerId id, CancellationToken cancellationToken)
    {
        bool held;
        lock (_held)
        {
            held = _held.Remove(id.Value);
        }

        if (held)
        {
            await ExecuteAsync("SELECT pg_advisory_unlock(@class, @key)", id, cancellationToken);
        }
    }

    public async ValueTask CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_session is null)
            {
                return;
            }

            try
            {
                await using var command = new NpgsqlCommand("SELECT 1", _session);
                await command.ExecuteScalarAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                await LoseSessionAsync(exception);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes both connections: PostgreSQL releases every lock of this node at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _listening;
        }
        catch (OperationCanceledException)
        {
        }

        await _gate.WaitAsync();
        try
        {
            lock (_held)
            {
                _held.Clear();
            }

            if (_session is not null)
            {
                await _session.DisposeAsync();
                _session = null;
            }
        }
        finally
        {
            _gate.Release();
        }

        _stop.Dispose();
    }

    /// <summary>One advisory-lock function on the lock session (opened when needed); a failure loses every lease and reads as false.</summary>
    private async ValueTask<bool> ExecuteAsync(string sql, ConsumerId id, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            try
            {
                _session ??= await OpenSessionAsync(cancellationToken);
                await using var command = new NpgsqlCommand(sql, _session);
                command.Parameters.AddWithValue("class", PostgresSchema.ConsumerLockClass);
                command.Parameters.AddWithValue("key", LockKey(id));
                return await command.ExecuteScalarAsync(cancellationToken) is true;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                await LoseSessionAsync(exception);
                return false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NpgsqlConnection> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var keepalive = new NpgsqlCommand("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3", connection);
            await keepalive.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async ValueTask LoseSessionAsync(Exception exception)
    {
        int count;
        lock (_held)
        {
            count = _held.Count;
            _held.Clear();
        }

        LogSessionLost(_logger, exception, count);
        if (_session is not null)
        {
            await _session.DisposeAsync();
            _session = null;
        }
    }

    private async Task ListenLoopAsync(TaskCompletionSource listening)
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                await connection.OpenAsync(token);
                connection.Notification += (_, _) => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();
                await using (var listen = new NpgsqlCommand("LISTEN " + PostgresSchema.ConsumerChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(token);
                }

                listening.TrySetResult();
                Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException)
            {
                LogListenFailed(_logger, exception);
                try
                {
                    await Task.Delay(ReconnectDelay, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The consumer lease session failed; {Count} consumers are no longer leased by this node")]
    private static partial void LogSessionLost(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The consumer LISTEN connection failed; reconnecting (the consumers are polled meanwhile)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
