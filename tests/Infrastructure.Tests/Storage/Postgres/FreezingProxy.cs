using System.Net;
using System.Net.Sockets;

namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>
/// A TCP proxy in front of PostgreSQL that can play a hung database: while frozen it accepts connections and reads
/// what clients send, but forwards nothing either way (no answer, no error, no closed socket). Thawing drops every
/// connection that was open during the freeze, so that nothing held back reaches the server late; new connections
/// work again.
/// </summary>
public sealed class FreezingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _connections = [];
    private readonly Task _accepting;
    private TaskCompletionSource _thawed = NewThawed();
    private bool _frozen;

    public FreezingProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Freeze()
    {
        lock (_connections)
        {
            if (_frozen)
            {
                return;
            }

            _frozen = true;
            _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Thaw()
    {
        List<(TcpClient Client, TcpClient Server)> dropped;
        lock (_connections)
        {
            _frozen = false;
            dropped = [.. _connections];
            _connections.Clear();
        }

        foreach (var (client, server) in dropped)
        {
            if (client.Client is { } socket)
            {
                // A reset, not an orderly close: the client sees a broken connection at once.
                socket.LingerState = new LingerOption(true, 0);
            }

            client.Dispose();
            server.Dispose();
        }

        lock (_connections)
        {
            _thawed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Thaw();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewThawed()
    {
        var thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        thawed.SetResult();
        return thawed;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            // Without NoDelay, Nagle's algorithm and delayed ACKs add tens of milliseconds to every round trip.
            client.NoDelay = true;
            var server = new TcpClient { NoDelay = true };
            try
            {
                await server.ConnectAsync(_host, _port, _stop.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_connections)
            {
                _connections.Add((client, server));
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/>, holding each read back while frozen.</summary>
    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var source = from.GetStream();
            var destination = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                Task thawed;
                bool frozen;
                lock (_connections)
                {
                    thawed = _thawed.Task;
                    frozen = _frozen;
                }

                if (frozen)
                {
                    // A connection that saw the freeze is dropped at the thaw: what it read is never delivered.
                    await thawed;
                    break;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
