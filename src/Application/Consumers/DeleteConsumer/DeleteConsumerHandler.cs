using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Consumers.DeleteConsumer;

public sealed class DeleteConsumerHandler(IConsumerManager consumers, AccessGuard access) : ICommandHandler<DeleteConsumerCommand, DeleteConsumerResult>
{
    public async ValueTask<DeleteConsumerResult> Handle(DeleteConsumerCommand command, CancellationToken cancellationToken)
    {
        access.DemandConsumers("deleting a consumer");
        var id = command.Id;
        if (await consumers.FindAsync(id, cancellationToken) is { } existing)
        {
            await access.DemandReadAsync(existing.Stream, cancellationToken);
        }

        return await consumers.DeleteAsync(id, cancellationToken)
            ? new DeleteConsumerResult(id)
            : throw new ConsumerNotFoundException(id.Value);
    }
}
