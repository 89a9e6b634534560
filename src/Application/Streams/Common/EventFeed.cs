using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.Common;

/// <summary>
/// The events a read returns, with the long-poll of the wire protocol: when the window reaches past the head,
/// what exists is streamed at once and the feed then waits for more until the window is complete or the poll
/// timeout passes. A forwards window streams batches as they become visible; a reversed window waits until its
/// upper bound exists and then returns it whole. A feed that times out before a single event was returned throws
/// <see cref="ReadTimeoutException"/> (408) from its first <c>MoveNextAsync</c>, before any byte is sent.
/// Cancelling (the client went away) ends the wait at once.
/// </summary>
public sealed class EventFeed : IAsyncEnumerable<EventBatch>
{
    private readonly IEventStore _store;
    private readonly IEventFilter? _filter;
    private readonly TimeSpan _pollTimeout;
    private readonly TimeProvider _timeProvider;

    public EventFeed(
        IEventStore store,
        ReadSource source,
        ResolvedWindow window,
        IEventFilter? filter,
        long version,
        TimeSpan pollTimeout,
        TimeProvider timeProvider)
    {
        _store = store;
        Source = source;
        Window = window;
        _filter = filter;
        Version = version;
        _pollTimeout = pollTimeout;
        _timeProvider = timeProvider;
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
        using var timeout = new CancellationTokenSource(_pollTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var delivered = 0L;
        var available = Version;
        var next = Window.From;
        while (true)
        {
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
            else if (Window.From <= available)
            {
                await foreach (var batch in _store.ReadAsync(Source, Window, _filter, cancellationToken))
                {
                    delivered += batch.Count;
                    yield return batch;
                }

                yield break;
            }

            try
            {
                available = await _store.WaitForChangeAsync(Source, available, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (delivered == 0)
                {
                    throw new ReadTimeoutException(Window.Target, (long)_pollTimeout.TotalMilliseconds);
                }

                yield break;
            }
        }
    }
}
