using System.Collections.Concurrent;
using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>
/// Wakes the waiters of one node: the writer publishes after each group it committed, the listener after each
/// <c>NOTIFY</c> from any node (and after it reconnected). Waiters take <see cref="Current"/> before they look at the
/// database, so a change after their look (which is always followed by a publication) wakes them.
/// </summary>
internal sealed class ChangeNotifier
{
    private Publication _current = new(0);
    private long _publications;

    /// <summary>The highest head this node has heard of.</summary>
    public long Head => Current.Head;

    /// <summary>The latest publication.</summary>
    public Publication Current => Volatile.Read(ref _current);

    /// <summary>Completes at the next publication.</summary>
    public Task Next => Current.Next;

    /// <summary>Publications so far (for tests of the wake-ups).</summary>
    public long Publications => Interlocked.Read(ref _publications);

    public void Publish(long head)
    {
        var next = new Publication(head);
        var previous = Volatile.Read(ref _current);
        while (true)
        {
            next.RaiseHead(previous.Head);
            var seen = Interlocked.CompareExchange(ref _current, next, previous);
            if (ReferenceEquals(seen, previous))
            {
                Interlocked.Increment(ref _publications);
                break;
            }

            previous = seen;
        }

        previous.Complete();
    }

    /// <summary>
    /// One publication: the head it carried and, computed once for all the waiters that wake on it, the version of each
    /// stream or category they wait on (looked up after the publication, so it shows at least what was published).
    /// </summary>
    internal sealed class Publication(long head)
    {
        private readonly TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ConcurrentDictionary<(bool Category, string Name), Lazy<Task<SourceVersion?>>>? _versions;

        public long Head { get; private set; } = head;

        /// <summary>Completes when the next publication replaces this one.</summary>
        public Task Next => _next.Task;

        /// <summary>The version of <paramref name="name"/> at this publication or later, queried once per publication.</summary>
        public Task<SourceVersion?> VersionAsync(bool category, string name, Func<Task<SourceVersion?>> query)
        {
            var versions = Volatile.Read(ref _versions)
                ?? Interlocked.CompareExchange(ref _versions, new(), null)
                ?? _versions!;
            // The dictionary keeps one Lazy per name, and only the kept one runs: one query per name and publication.
            return versions.GetOrAdd((category, name), static (_, look) => new Lazy<Task<SourceVersion?>>(look), query).Value;
        }

        internal void RaiseHead(long head) => Head = Math.Max(Head, head);

        internal void Complete() => _next.TrySetResult();
    }
}
