using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Consumers.DeleteConsumer;

public sealed class DeleteConsumerHandler(IConsumerManager consumers) : ICommandHandler<DeleteConsumerCommand, DeleteConsumerResult>
{
    public async ValueTask<DeleteConsumerResult> Handle(DeleteConsumerCommand command, CancellationToken cancellationToken)
    {
        var id = ConsumerId.Parse(command.Identifier);
        return await consumers.DeleteAsync(id, cancellationToken)
            ? new DeleteConsumerResult(id)
            : throw new ConsumerNotFoundException(id.Value);
    }
}
