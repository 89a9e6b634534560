using System.Net;
using System.Net.Sockets;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// A loopback TCP relay in front of a server (PostgreSQL), so that a test can take the database away from a running
/// store and give it back: <see cref="Sever"/> drops every relayed connection and refuses new ones (the port stays
/// reserved), <see cref="Restore"/> accepts again on the same port.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _connections = [];
    private TcpListener _listener;
    private CancellationTokenSource _accepting = new();
    private Task _acceptLoop;

    public TcpRelay(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync(_listener, _accepting.Token);
    }

    public int Port { get; }

    /// <summary>Closes every relayed connection and stops accepting: connecting to the port is refused.</summary>
    public async Task Sever()
    {
        await _accepting.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    /// <summary>Accepts connections on the same port again.</summary>
    public void Restore()
    {
        _accepting.Dispose();
        _accepting = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _acceptLoop = AcceptAsync(_listener, _accepting.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Sever();
        _accepting.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_targetHost, _targetPort, token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
        {
        }
        finally
        {
            // One side ended: end the other, as a dropped network path would.
            from.Dispose();
            to.Dispose();
        }
    }
}
