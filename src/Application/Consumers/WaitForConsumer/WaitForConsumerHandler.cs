using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using Mediator;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Application.Consumers.WaitForConsumer;

/// <summary>
/// Long-polls a consumer: 200 once its position reaches the version (at once if it already has), 409 as soon as it
/// is faulted short of it, 404 when it does not exist (or is deleted while waiting), 408 after
/// <c>ConsumerPollTimeoutMs</c>. Cancelling the request (the client went away) ends the wait.
/// </summary>
public sealed class WaitForConsumerHandler(IConsumerManager consumers, IOptions<EventStoreOptions> options, TimeProvider timeProvider)
    : IQueryHandler<WaitForConsumerQuery, WaitForConsumerResult>
{
    private readonly int _timeoutMs = options.Value.ConsumerPollTimeoutMs;

    public async ValueTask<WaitForConsumerResult> Handle(WaitForConsumerQuery query, CancellationToken cancellationToken)
    {
        var id = ConsumerId.Parse(query.Identifier);
        var current = consumers.Find(id) ?? throw new ConsumerNotFoundException(id.Value);
        if (current.Position < query.MinVersion && current.Status != ConsumerStatus.Faulted)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(_timeoutMs), timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                current = await consumers.WaitForPositionAsync(id, query.MinVersion, linked.Token)
                    ?? throw new ConsumerNotFoundException(id.Value);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ConsumerWaitTimeoutException(id.Value, query.MinVersion, _timeoutMs);
            }
        }

        return current.Position < query.MinVersion && current.Status == ConsumerStatus.Faulted
            ? throw new ConsumerFaultedException(id.Value, current.Error ?? "unknown error")
            : new WaitForConsumerResult(current);
    }
}
