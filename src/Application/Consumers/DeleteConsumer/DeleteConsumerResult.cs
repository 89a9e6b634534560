using CleanEventStore.Domain.Consumers;

namespace CleanEventStore.Application.Consumers.DeleteConsumer;

public sealed record DeleteConsumerResult(ConsumerId Deleted);
