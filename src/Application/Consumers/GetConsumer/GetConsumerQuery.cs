using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Consumers;
using Mediator;

namespace CleanEventStore.Application.Consumers.GetConsumer;

/// <summary>A consumer now: position, state, status (and the error when faulted).</summary>
public sealed record GetConsumerQuery(ConsumerId Id) : IQuery<GetConsumerResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("reading a consumer");
}
