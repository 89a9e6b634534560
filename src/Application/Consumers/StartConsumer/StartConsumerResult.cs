using CleanEventStore.Application.Abstractions.Consumers;

namespace CleanEventStore.Application.Consumers.StartConsumer;

/// <summary>The consumer as the request left it; <paramref name="Created"/> is true when it did not exist before.</summary>
public sealed record StartConsumerResult(ConsumerSnapshot Consumer, bool Created);
