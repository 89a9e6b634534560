using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Consumers.ListConsumers;

/// <summary>Every consumer, on any stream: needs <c>consumers</c> and <c>query</c> (the list names every consumed stream and its state).</summary>
public sealed class ListConsumersHandler(IConsumerManager consumers, AccessGuard access) : IQueryHandler<ListConsumersQuery, ListConsumersResult>
{
    public ValueTask<ListConsumersResult> Handle(ListConsumersQuery query, CancellationToken cancellationToken)
    {
        access.DemandConsumers("the list of every consumer");
        access.DemandQuery("the list of every consumer, on any stream");
        return ValueTask.FromResult(new ListConsumersResult(consumers.List()));
    }
}
