using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Consumers;
using Mediator;

namespace CleanEventStore.Application.Consumers.DeleteConsumer;

/// <summary>Stop a consumer and remove it with its persisted files.</summary>
public sealed record DeleteConsumerCommand(ConsumerId Id) : ICommand<DeleteConsumerResult>, IRequireAccess, IAudited
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("deleting a consumer");

    public string AuditSubject => "consumer " + Id.Value;
}
