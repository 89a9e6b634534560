using CleanEventStore.Application.Abstractions.Consumers;
using Mediator;

namespace CleanEventStore.Application.Consumers.ListConsumers;

public sealed class ListConsumersHandler(IConsumerManager consumers) : IQueryHandler<ListConsumersQuery, ListConsumersResult>
{
    public ValueTask<ListConsumersResult> Handle(ListConsumersQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListConsumersResult(consumers.List()));
}
