using System.Collections.Concurrent;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Infrastructure.Storage.Common;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// The writer's bounded queue: producers wait for a slot when it is full and wake a sleeping writer directly, without
/// a thread-pool hop (which matters for one-client latency). <see cref="Close"/> is a fence: once it returned, no
/// operation can slip into the queue behind the writer's back. One consumer, the writer thread.
/// </summary>
internal sealed class WriteQueue : IDisposable
{
    private const int Capacity = 16 * 1024;

    private readonly ConcurrentQueue<WriteOperation> _queue = new();
    private readonly SemaphoreSlim _slots = new(Capacity, Capacity);
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private volatile bool _closing;
    private volatile bool _closed;
    private int _sleeping;
    private int _enqueuing;

    public bool IsEmpty => _queue.IsEmpty;

    /// <summary>True once <see cref="Close"/> returned: the queue only drains.</summary>
    public bool IsClosed => _closed;

    public async ValueTask EnqueueAsync(WriteOperation operation, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            await _slots.WaitAsync(cancellationToken);
        }

        // Announce the enqueue before checking for shutdown (both full fences): once Close has seen no enqueue in
        // progress after setting _closing, no operation can slip into the queue behind the writer's back.
        Interlocked.Increment(ref _enqueuing);
        try
        {
            if (_closing)
            {
                _slots.Release();
                throw new StorageUnavailableException("The event store is shutting down.");
            }

            _queue.Enqueue(operation);
        }
        finally
        {
            Interlocked.Decrement(ref _enqueuing);
        }

        if (Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Set();
        }
    }

    public bool TryDequeue(out WriteOperation operation) => _queue.TryDequeue(out operation!);

    /// <summary>Frees the slots of <paramref name="count"/> dequeued operations once they are done.</summary>
    public void Release(int count) => _slots.Release(count);

    /// <summary>
    /// Announces that the writer is about to sleep and re-checks the queue (an operation may have arrived in between):
    /// false when it should not sleep. After true, the writer re-checks its own conditions, calls
    /// <see cref="CancelSleep"/> if one holds, else <see cref="Wait"/>.
    /// </summary>
    public bool BeginSleep()
    {
        _wake.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        if (!_queue.IsEmpty || _closed)
        {
            CancelSleep();
            return false;
        }

        return true;
    }

    public void CancelSleep() => Interlocked.Exchange(ref _sleeping, 0);

    /// <summary>Blocks (without spinning) until woken or <paramref name="timeout"/> passed; true when woken.</summary>
    public bool Wait(TimeSpan timeout) => _wake.Wait(timeout);

    /// <summary>Wakes the writer whether or not it announced its sleep.</summary>
    public void Wake() => _wake.Set();

    /// <summary>Refuses new operations and waits until no enqueue is in flight.</summary>
    public void Close()
    {
        _closing = true;
        Interlocked.MemoryBarrier();
        var spin = default(SpinWait);
        while (Volatile.Read(ref _enqueuing) != 0)
        {
            spin.SpinOnce();
        }

        _closed = true;
    }

    public void Dispose()
    {
        _wake.Dispose();
        _slots.Dispose();
    }
}
