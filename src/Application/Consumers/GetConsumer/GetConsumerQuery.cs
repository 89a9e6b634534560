using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Consumers.GetConsumer;

/// <summary>A consumer now: position, state, status (and the error when faulted).</summary>
public sealed record GetConsumerQuery(string Identifier) : IQuery<GetConsumerResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("reading a consumer");
}
