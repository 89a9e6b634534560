using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.Common;

/// <summary>
/// The events a read returns, with the long-poll of the wire protocol: when the window reaches past the head,
/// what exists is streamed at once and the feed then waits for more until the window is complete or the poll
/// timeout passes. A forwards window streams batches as they become visible; a reversed window waits until its
/// upper bound exists and then returns it whole.
/// A feed ends early, without waiting, when nothing more can come: the stream is closed (what exists of the window is
/// returned; with nothing to return it throws <see cref="StreamEndedException"/>, 409) or the server begins to stop
/// (with nothing returned yet it throws <see cref="ServerStoppingException"/>, 503). A feed that times out before a
/// single event was returned throws <see cref="ReadTimeoutException"/> (408). Each of these comes from the first
/// <c>MoveNextAsync</c>, before any byte is sent. Cancelling (the client went away) ends the wait at once.
/// </summary>
public sealed class EventFeed : IAsyncEnumerable<EventBatch>
{
    private readonly IEventStore _store;
    private readonly IEventFilter? _filter;
    private readonly TimeSpan _pollTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly LongPolls _longPolls;
    private readonly Caller _caller;
    private readonly bool _closed;

    public EventFeed(
        IEventStore store,
        ReadSource source,
        ResolvedWindow window,
        IEventFilter? filter,
        SourceVersion version,
        TimeSpan pollTimeout,
        TimeProvider timeProvider,
        LongPolls longPolls,
        Caller caller)
    {
        _store = store;
        Source = source;
        Window = window;
        _filter = filter;
        Version = version.Version;
        _closed = version.Closed;
        _pollTimeout = pollTimeout;
        _timeProvider = timeProvider;
        _longPolls = longPolls;
        _caller = caller;
    }

    public ReadSource Source { get; }

    public ResolvedWindow Window { get; }

    /// <summary>The version of the source when the read started.</summary>
    public long Version { get; }

    /// <summary>True when the window reaches past the head, so the read waits for new events.</summary>
    public bool IsLongPoll => Window.ReachesPast(Version);

    public async IAsyncEnumerator<EventBatch> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Window.IsEmpty)
        {
            yield break;
        }

        if (!IsLongPoll)
        {
            await foreach (var batch in _store.ReadAsync(Source, Window, _filter, cancellationToken))
            {
                yield return batch;
            }

            yield break;
        }

        await foreach (var batch in PollAsync(cancellationToken))
        {
            yield return batch;
        }
    }

    private async IAsyncEnumerable<EventBatch> PollAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lease = _longPolls.Enter(_caller);
        using var timeout = new CancellationTokenSource(_pollTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _longPolls.Stopping);
        var delivered = 0L;
        var current = new SourceVersion(Version, _closed);
        var next = Window.From;
        while (true)
        {
            var available = current.Version;
            if (Window.IsForward)
            {
                if (next <= available)
                {
                    var until = Math.Min(Window.Until, available);
                    await foreach (var batch in _store.ReadAsync(Source, new ResolvedWindow(next, until), _filter, cancellationToken))
                    {
                        delivered += batch.Count;
                        yield return batch;
                    }

                    next = until + 1;
                    if (next > Window.Until)
                    {
                        yield break;
                    }
                }
            }
            else if (Window.From <= available || (current.Closed && Window.Until <= available))
            {
                // A reversed window waits for its upper bound; once the stream is closed below it, what exists is all there is.
                var window = new ResolvedWindow(Math.Min(Window.From, available), Window.Until);
                await foreach (var batch in _store.ReadAsync(Source, window, _filter, cancellationToken))
                {
                    delivered += batch.Count;
                    yield return batch;
                }

                yield break;
            }

            if (current.Closed)
            {
                if (delivered == 0)
                {
                    throw new StreamEndedException(StreamOf(Source), available, Window.Target);
                }

                yield break;
            }

            try
            {
                current = await _store.WaitForChangeAsync(Source, available, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (delivered > 0)
                {
                    yield break;
                }

                throw WaitEnded();
            }
        }
    }

    /// <summary>Why a wait that delivered nothing ended: the server began to stop (503), or the poll timed out (408).</summary>
    private EventStoreException WaitEnded() => _longPolls.Stopping.IsCancellationRequested
        ? new ServerStoppingException()
        : new ReadTimeoutException(Window.Target, (long)_pollTimeout.TotalMilliseconds, Source.UsesGlobalPositions);

    private static string StreamOf(ReadSource source) => source is ReadSource.Stream stream ? stream.Name.Value : StreamName.AllValue;
}
