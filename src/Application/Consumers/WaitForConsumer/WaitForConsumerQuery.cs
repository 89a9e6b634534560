using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Consumers;
using Mediator;

namespace CleanEventStore.Application.Consumers.WaitForConsumer;

/// <summary>
/// The consumer once its position is at least <paramref name="MinVersion"/> (1 or more); waits at most
/// <c>ConsumerPollTimeoutMs</c>, and answers at once when the consumer is faulted short of it.
/// </summary>
public sealed record WaitForConsumerQuery(ConsumerId Id, long MinVersion) : IQuery<WaitForConsumerResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("waiting for a consumer");
}
