using CleanEventStore.Application.Abstractions.Consumers;

namespace CleanEventStore.Application.Consumers.WaitForConsumer;

public sealed record WaitForConsumerResult(ConsumerSnapshot Consumer);
