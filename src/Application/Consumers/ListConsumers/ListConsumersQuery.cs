using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Consumers.ListConsumers;

/// <summary>Every registered consumer, in creation order.</summary>
public sealed record ListConsumersQuery : IQuery<ListConsumersResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("the list of every consumer");
}
