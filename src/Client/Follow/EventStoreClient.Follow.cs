using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace CleanEventStore.Client;

public sealed partial class EventStoreClient
{
    /// <summary>
    /// Follows <paramref name="target"/> live (<c>?follow=true</c>): yields the existing events from the target's start
    /// (or after <see cref="FollowOptions.After"/>), then one <see cref="FollowMessageKind.CaughtUp"/>, then each new
    /// event as it is committed, with a <see cref="FollowMessageKind.Heartbeat"/> while nothing is. It never ends by
    /// itself: cancel <paramref name="cancellationToken"/> (or stop enumerating) to end it.
    /// <para>
    /// When the connection drops (a network failure, the server restarting, a 5xx or 429 answer, no line for
    /// <see cref="FollowOptions.IdleTimeout"/>), it reconnects with exponential backoff and resumes after the highest
    /// position seen (<see cref="FollowMessage.Checkpoint"/>: the last event's position or the last caught-up or
    /// heartbeat position, whichever is higher), with <c>Last-Event-ID</c>: every event is yielded exactly once, in
    /// order, with no gap. A refusal (400, 401, 403, 404) ends it with its <see cref="EventStoreException"/>.
    /// </para>
    /// </summary>
    public IAsyncEnumerable<FollowMessage> FollowAsync(FollowTarget target, FollowOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= FollowOptions.Default;
        options.Validate();
        return FollowCoreAsync(target, options, cancellationToken);
    }

    private async IAsyncEnumerable<FollowMessage> FollowCoreAsync(FollowTarget target, FollowOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var checkpoint = options.After;
        var failures = 0;
        while (true)
        {
            Exception failure;
            await using (var connection = new FollowConnection(this, target, checkpoint, options, cancellationToken))
            {
                while (true)
                {
                    FollowLine? line;
                    try
                    {
                        line = await connection.ReadAsync();
                    }
                    catch (Exception exception) when (IsTransient(exception, cancellationToken))
                    {
                        failure = exception;
                        break;
                    }

                    if (line is not { } read)
                    {
                        failure = new IOException("The server ended the follow.");
                        break;
                    }

                    failures = 0;
                    if (read.Kind == LineKind.Event)
                    {
                        if (read.Position <= checkpoint)
                        {
                            continue; // Sent before the reconnection: yielded already.
                        }

                        checkpoint = read.Position;
                        yield return new FollowMessage(FollowMessageKind.Event, read.Event, read.Position, read.Position);
                    }
                    else
                    {
                        checkpoint = checkpoint is { } seen ? Math.Max(seen, read.Position) : read.Position;
                        var kind = read.Kind == LineKind.CaughtUp ? FollowMessageKind.CaughtUp : FollowMessageKind.Heartbeat;
                        yield return new FollowMessage(kind, null, read.Position, checkpoint.Value);
                    }
                }
            }

            failures++;
            if (failures > options.MaxReconnectAttempts)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            await Task.Delay(ReconnectDelay(options, failures, failure), cancellationToken);
        }
    }

    /// <summary>A failure a reconnection may cure: the network, the server going away or overloaded, a silent connection. Not the caller's cancellation, a refusal or a malformed line.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        EventStoreException e => RetryPolicy.IsTransient(e.StatusCode) || e.StatusCode == HttpStatusCode.RequestTimeout,
        HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>Exponential backoff with jitter (between half and all of the step), at least the server's <c>Retry-After</c>.</summary>
    private static TimeSpan ReconnectDelay(FollowOptions options, int failures, Exception failure)
    {
        var step = options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(step, options.MaxReconnectDelay.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
        return failure is EventStoreException { RetryAfter: { } retryAfter } && retryAfter > delay ? retryAfter : delay;
    }

    /// <summary>One line of a follow: an event with its position, or a caught-up or heartbeat position.</summary>
    private readonly record struct FollowLine(LineKind Kind, RecordedEvent? Event, long Position);

    /// <summary>
    /// One connection of a follow: sends the request on the first read (after <c>after</c>), then reads its lines. Each
    /// read runs under a token that also fires when no line arrived within the idle timeout; the timer runs only while
    /// the follow waits for the server, not while the caller handles what it was given.
    /// </summary>
    private sealed class FollowConnection(EventStoreClient client, FollowTarget target, long? after, FollowOptions options, CancellationToken cancellationToken)
        : IAsyncDisposable
    {
        private readonly EventLineParser _parser = new();
        private CancellationTokenSource _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        private HttpRequestMessage? _request;
        private HttpResponseMessage? _response;
        private NdjsonLineReader? _lines;

        public async ValueTask<FollowLine?> ReadAsync()
        {
            var token = ArmIdleTimer();
            try
            {
                if (_lines is null)
                {
                    _request = target.CreateRequest(after);
                    _response = await client.SendAsync(_request, token);
                    _lines = new NdjsonLineReader(await _response.Content.ReadAsStreamAsync(token), client._options.MaxLineBytes);
                }

                while (await _lines.ReadLineAsync(token) is { } line)
                {
                    var kind = _parser.Parse(line, out var recorded, out var position);
                    if (kind != LineKind.Other)
                    {
                        return new FollowLine(kind, recorded, position);
                    }
                }

                return null;
            }
            finally
            {
                _idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_lines is not null)
            {
                await _lines.DisposeAsync();
            }

            _response?.Dispose();
            _request?.Dispose();
            _idle.Dispose();
        }

        /// <summary>Starts the idle timer for one read (with a fresh source if the last one fired between reads) and returns its token.</summary>
        private CancellationToken ArmIdleTimer()
        {
            if (_idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                _idle.Dispose();
                _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            }

            if (options.IdleTimeout != Timeout.InfiniteTimeSpan)
            {
                _idle.CancelAfter(options.IdleTimeout);
            }

            return _idle.Token;
        }
    }
}
