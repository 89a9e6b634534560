using CleanEventStore.Application.Abstractions.Consumers;

namespace CleanEventStore.Application.Consumers.ListConsumers;

public sealed record ListConsumersResult(IReadOnlyList<ConsumerSnapshot> Consumers);
