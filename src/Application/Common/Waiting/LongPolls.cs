namespace CleanEventStore.Application.Common.Waiting;

/// <summary>
/// Every open client wait: stream, join and category long-polls and consumer waits. It counts them (health,
/// metrics, tests that must know a wait is in place) and ends them all at once when the server begins to stop, so
/// a shutdown is not held up by requests that would otherwise sit until their poll timeout. A wait that ends this
/// way before it returned anything answers 503 (<see cref="Domain.Errors.ServerStoppingException"/>).
/// </summary>
public sealed class LongPolls : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private bool _disposed;
    private int _open;

    /// <summary>Waits in progress now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Cancelled when the server begins to stop.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Counts a wait until the returned lease is disposed.</summary>
    public Lease Enter()
    {
        Interlocked.Increment(ref _open);
        return new Lease(this);
    }

    /// <summary>Ends every open wait and every later one at once (the host calls this when it begins to stop).</summary>
    /// <remarks>Safe to call at any point of shutdown, also after the container disposed this instance.</remarks>
    public void Stop()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _stopping.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stopping.Dispose();
        }
    }

    /// <summary>One counted wait.</summary>
    public sealed class Lease : IDisposable
    {
        private LongPolls? _owner;

        internal Lease(LongPolls owner) => _owner = owner;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _owner, null) is { } owner)
            {
                Interlocked.Decrement(ref owner._open);
            }
        }
    }
}
