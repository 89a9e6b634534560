using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>
/// The real Api on a Kestrel socket over a fresh data directory (the functional tests' <see cref="KestrelApiFactory"/>),
/// shared by the tests of one class, and clients of it. Tests use their own stream names, so they do not depend on
/// each other's events.
/// </summary>
public class ServerFixture : IDisposable
{
    private readonly List<TestClient> _clients = [];
    private readonly Lazy<TestClient> _client;
    private bool _disposed;

    public ServerFixture()
    {
        _client = new Lazy<TestClient>(() => NewClient());
    }

    public KestrelApiFactory Factory { get; } = new();

    /// <summary>The server's address (starting it on first use).</summary>
    public Uri BaseAddress => Factory.Client.BaseAddress!;

    /// <summary>A client of the server with default options.</summary>
    public EventStoreClient Client => _client.Value.Client;

    /// <summary>Another client of the server, with options and handlers of its own (disposed with the fixture).</summary>
    public TestClient NewClient(Action<EventStoreClientOptions>? configure = null, params Func<DelegatingHandler>[] inner)
    {
        var address = BaseAddress;
        var client = TestClient.Create(
            options =>
            {
                options.BaseAddress = address;
                configure?.Invoke(options);
            },
            primary: null,
            inner);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            Factory.Dispose();
        }
    }
}
