using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.Common;

/// <summary>
/// A read in follow mode: the matching events from the start, one <c>caughtUp</c>, then every new matching event as it
/// is committed and a <c>heartbeat</c> whenever nothing was sent for the heartbeat interval. It never ends by itself:
/// it ends when its caller cancels (the client went away) or the server begins to stop (an
/// <see cref="OperationCanceledException"/>; before anything was sent, a <see cref="ServerStoppingException"/>, 503).
/// <para>
/// Pull-based: the follow keeps one cursor, <em>after</em>, a global position at or below which every matching event
/// has been sent. Each step reads a committed head H, reads the source's events with positions in (after, H] from
/// storage, hands them out batch by batch (the caller writes and flushes each before asking for the next, so a slow
/// client holds the follow at its batch: nothing is queued for it, and nothing is skipped), then sets after = H. Between
/// steps it awaits one <see cref="IEventStore.WaitForChangeAsync"/> whose cancellation is the heartbeat's timeout; there
/// is no thread, no timer and no queue per follower beyond that one wait.
/// </para>
/// <para>
/// A single stream is read by global position (as a join of that one stream, an index range: resuming after a
/// position never scans the stream), so its cursor is a position like every other source's. Its window start, a
/// revision, is turned into a position once the stream has that revision (the position of the event there, minus
/// one); until then no event of the stream can match, and the heartbeats say so.
/// </para>
/// <para>
/// Every position the follow hands out is at or below a head it read, and heads only grow within a follow
/// (<see cref="IEventStore.KnownHead"/> may trail <see cref="IEventStore.GetHeadAsync"/>, so the follow keeps the
/// highest it saw): a <c>caughtUp</c> or <c>heartbeat</c> position is never below an event already sent, which is what
/// lets a client resume after the last position it saw (an event's or a heartbeat's) exactly once, without a gap.
/// </para>
/// </summary>
public sealed class EventFollow : IAsyncEnumerable<FollowItem>
{
    private readonly IEventStore _store;
    private readonly IEventFilter? _filter;
    private readonly TimeSpan _heartbeat;
    private readonly TimeProvider _timeProvider;
    private readonly LongPolls _longPolls;
    private readonly Caller _caller;
    private readonly ReadSource _reads;
    private readonly bool _isStream;

    /// <param name="store">The storage.</param>
    /// <param name="source">What is followed.</param>
    /// <param name="after">The global position after which events are sent.</param>
    /// <param name="startRevision">For a single stream: the first revision to send (0 or 1: from its start).</param>
    /// <param name="filter">The filter events must pass, or null.</param>
    /// <param name="heartbeat">How long nothing may be sent before a heartbeat.</param>
    /// <param name="timeProvider">The clock of the heartbeats.</param>
    /// <param name="longPolls">The follower caps and the server's stopping signal.</param>
    /// <param name="caller">Who follows (for the per-caller cap).</param>
    public EventFollow(
        IEventStore store,
        ReadSource source,
        long after,
        long startRevision,
        IEventFilter? filter,
        TimeSpan heartbeat,
        TimeProvider timeProvider,
        LongPolls longPolls,
        Caller caller)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        _store = store;
        Source = source;
        After = after;
        StartRevision = startRevision > 1 ? startRevision : 0;
        _filter = filter;
        _heartbeat = heartbeat;
        _timeProvider = timeProvider;
        _longPolls = longPolls;
        _caller = caller;
        _isStream = source is ReadSource.Stream { Name.IsAll: false };
        _reads = source is ReadSource.Stream { Name.IsAll: false } stream ? new ReadSource.Join(Selector.Stream(stream.Name)) : source;
    }

    public ReadSource Source { get; }

    /// <summary>The global position after which the follow sends events (the resume position, or the window's start minus one).</summary>
    public long After { get; }

    /// <summary>For a single stream, the revision the window starts at (0: the stream's start); turned into a position once it exists.</summary>
    public long StartRevision { get; }

    /// <summary>Cancelled when the server begins to stop (which ends every follow).</summary>
    public CancellationToken Stopping => _longPolls.Stopping;

    public async IAsyncEnumerator<FollowItem> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_longPolls.Stopping.IsCancellationRequested)
        {
            throw new ServerStoppingException();
        }

        using var lease = _longPolls.EnterFollower(_caller);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _longPolls.Stopping);
        var token = ended.Token;
        var progress = new Progress { After = After, PendingRevision = StartRevision };

        await foreach (var item in StepAsync(progress, fresh: true, token))
        {
            yield return item;
        }

        yield return new FollowItem(FollowItemKind.CaughtUp, null, progress.Head);
        var deadline = _timeProvider.GetUtcNow() + _heartbeat;
        while (true)
        {
            var woke = await WaitAsync(progress, deadline - _timeProvider.GetUtcNow(), token);
            progress.Sent = false;
            await foreach (var item in StepAsync(progress, fresh: woke, token))
            {
                yield return item;
            }

            var now = _timeProvider.GetUtcNow();
            if (progress.Sent)
            {
                deadline = now + _heartbeat;
            }
            else if (now >= deadline)
            {
                yield return new FollowItem(FollowItemKind.Heartbeat, null, progress.Head);
                deadline = _timeProvider.GetUtcNow() + _heartbeat;
            }
        }
    }

    /// <summary>
    /// Waits for a change of the source past what the last step saw, at most <paramref name="timeout"/>: true when the
    /// source may have changed, false when the time passed. Throws when <paramref name="token"/> is cancelled.
    /// </summary>
    private async ValueTask<bool> WaitAsync(Progress progress, TimeSpan timeout, CancellationToken token)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        using var timer = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timer.Token);
        Task wait = progress.Closed
            ? Task.Delay(Timeout.InfiniteTimeSpan, _timeProvider, linked.Token)
            : _store.WaitForChangeAsync(Source, progress.KnownVersion, linked.Token).AsTask();

        // A timeout is the normal end of a wait on an idle source: observe it without throwing here.
        await wait.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        token.ThrowIfCancellationRequested();
        if (wait.IsFaulted)
        {
            await wait;
        }

        return wait.IsCompletedSuccessfully;
    }

    /// <summary>
    /// One step: reads a head (afresh when <paramref name="fresh"/>, else the known one, skipping the step when nothing
    /// was committed since the last), then the matching events in (after, head], and moves the cursor to the head.
    /// </summary>
    private async IAsyncEnumerable<FollowItem> StepAsync(Progress progress, bool fresh, [EnumeratorCancellation] CancellationToken token)
    {
        if (!fresh && _store.KnownHead <= progress.Head)
        {
            yield break;
        }

        if (_isStream)
        {
            // The stream's version before the head: a wait from it wakes for every event this step may not read.
            var watched = await _store.GetVersionAsync(Source, token) ?? default;
            progress.KnownVersion = watched.Version;
            progress.Closed = watched.Closed;
        }

        var head = Math.Max(progress.Head, fresh ? await _store.GetHeadAsync(token) : _store.KnownHead);
        if (progress.PendingRevision > 0)
        {
            // The stream's version after the head: below the start revision, no event at or below the head can match.
            var now = await _store.GetVersionAsync(Source, token) ?? default;
            if (now.Version < progress.PendingRevision)
            {
                progress.After = Math.Max(progress.After, head);
            }
            else if (await PositionOfAsync(progress.PendingRevision, token) is { } position)
            {
                progress.After = Math.Max(progress.After, position - 1);
                progress.PendingRevision = 0;
            }
            else
            {
                throw new InvalidOperationException($"The stream has {now.Version} events but none at revision {progress.PendingRevision}.");
            }
        }

        if (head > progress.After)
        {
            await foreach (var batch in _store.ReadAsync(_reads, new ResolvedWindow(progress.After + 1, head), _filter, token))
            {
                if (batch.Count > 0)
                {
                    progress.Sent = true;
                    yield return new FollowItem(FollowItemKind.Events, batch, 0);
                }
            }

            progress.After = head;
        }

        progress.Head = head;
        if (!_isStream)
        {
            progress.KnownVersion = head;
        }
    }

    /// <summary>The global position of the stream's event at <paramref name="revision"/>, or null when it has none.</summary>
    private async ValueTask<long?> PositionOfAsync(long revision, CancellationToken token)
    {
        await foreach (var batch in _store.ReadAsync(Source, new ResolvedWindow(revision, revision), null, token))
        {
            if (batch.Count > 0)
            {
                return batch.PositionAt(0);
            }
        }

        return null;
    }

    /// <summary>The state of one follow between its steps.</summary>
    private sealed class Progress
    {
        /// <summary>Every matching event at or below this global position has been sent (or lies before the start).</summary>
        public long After { get; set; }

        /// <summary>The highest head a step read: what caughtUp and heartbeats carry.</summary>
        public long Head { get; set; }

        /// <summary>A single stream's start revision not yet turned into a position (0: none).</summary>
        public long PendingRevision { get; set; }

        /// <summary>The version the next wait starts from: the stream's version, or the head.</summary>
        public long KnownVersion { get; set; }

        /// <summary>A closed stream never grows: its follow only sends heartbeats.</summary>
        public bool Closed { get; set; }

        /// <summary>Whether the current step handed out events.</summary>
        public bool Sent { get; set; }
    }
}
