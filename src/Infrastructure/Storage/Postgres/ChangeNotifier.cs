namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>
/// Wakes the waiters of one node: the writer publishes after each group it committed, the listener after each
/// <c>NOTIFY</c> from any node (and after it reconnected). Waiters take <see cref="Next"/> before they look at the
/// database, so a change between the two wakes them.
/// </summary>
internal sealed class ChangeNotifier
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _head;

    /// <summary>The highest head this node has heard of.</summary>
    public long Head => Volatile.Read(ref _head);

    /// <summary>Completes at the next publication.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Publish(long head)
    {
        var current = Volatile.Read(ref _head);
        while (head > current)
        {
            var seen = Interlocked.CompareExchange(ref _head, head, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
