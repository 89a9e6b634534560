using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Domain.Errors;
using Mediator;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Application.Consumers.WaitForConsumer;

/// <summary>
/// Long-polls a consumer: 200 once its position reaches the version (at once if it already has), 409 as soon as it
/// is faulted short of it or its stream is closed below it (it can never get there), 404 when it does not exist (or
/// is deleted while waiting), 408 after <c>ConsumerPollTimeoutMs</c>, 503 when the server begins to stop first.
/// Cancelling the request (the client went away) ends the wait.
/// </summary>
public sealed class WaitForConsumerHandler(
    IConsumerManager consumers,
    IEventStore store,
    LongPolls longPolls,
    AccessGuard access,
    IOptions<EventStoreOptions> options,
    TimeProvider timeProvider)
    : IQueryHandler<WaitForConsumerQuery, WaitForConsumerResult>
{
    private readonly int _timeoutMs = options.Value.ConsumerPollTimeoutMs;

    public async ValueTask<WaitForConsumerResult> Handle(WaitForConsumerQuery query, CancellationToken cancellationToken)
    {
        access.DemandConsumers("waiting for a consumer");
        var id = query.Id;
        var current = await consumers.FindAsync(id, cancellationToken) ?? throw new ConsumerNotFoundException(id.Value);
        await access.DemandReadAsync(current.Stream, cancellationToken);
        if (!IsSettled(current, query.MinVersion))
        {
            using var lease = longPolls.Enter(access.Caller);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_timeoutMs), timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, longPolls.Stopping);
            try
            {
                current = await WaitAsync(current, query.MinVersion, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw longPolls.Stopping.IsCancellationRequested
                    ? new ServerStoppingException()
                    : new ConsumerWaitTimeoutException(id.Value, query.MinVersion, _timeoutMs);
            }
        }

        return current.Position < query.MinVersion && current.Status == ConsumerStatus.Faulted
            ? throw new ConsumerFaultedException(id.Value, current.Error ?? "unknown error")
            : new WaitForConsumerResult(current);
    }

    private static bool IsSettled(ConsumerSnapshot consumer, long minVersion) =>
        consumer.Position >= minVersion || consumer.Status == ConsumerStatus.Faulted;

    /// <summary>
    /// Waits for the consumer to reach <paramref name="minVersion"/> or fault; ends at once (409) when its stream is
    /// closed below that version, also when it is closed while waiting.
    /// </summary>
    private async Task<ConsumerSnapshot> WaitAsync(ConsumerSnapshot current, long minVersion, CancellationToken cancellationToken)
    {
        var source = new ReadSource.Stream(current.Stream);
        while (true)
        {
            var stream = await store.GetVersionAsync(source, cancellationToken);
            if (stream is { Closed: true } closed && closed.Version < minVersion)
            {
                throw new StreamEndedException(current.Stream.Value, closed.Version, minVersion, current.Id.Value);
            }

            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var consumer = consumers.WaitForPositionAsync(current.Id, minVersion, either.Token).AsTask();
            var streamChange = stream is { Closed: false } open && !current.Stream.IsAll
                ? store.WaitForChangeAsync(source, open.Version, either.Token).AsTask()
                : null;
            if (streamChange is null || await Task.WhenAny(consumer, streamChange) == consumer)
            {
                var snapshot = await consumer ?? throw new ConsumerNotFoundException(current.Id.Value);
                await either.CancelAsync();
                await Ignore(streamChange);
                return snapshot;
            }

            await either.CancelAsync();
            await Ignore(consumer);
            await streamChange;
            current = consumers.Find(current.Id) ?? throw new ConsumerNotFoundException(current.Id.Value);
            if (IsSettled(current, minVersion))
            {
                return current;
            }
        }
    }

    /// <summary>Awaits a wait that was cancelled because the other one finished first.</summary>
    private static async Task Ignore(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
