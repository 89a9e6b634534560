using CleanEventStore.Application.Abstractions.Consumers;

namespace CleanEventStore.Application.Consumers.GetConsumer;

public sealed record GetConsumerResult(ConsumerSnapshot Consumer);
