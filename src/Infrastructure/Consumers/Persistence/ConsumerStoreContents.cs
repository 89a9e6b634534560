namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>What <see cref="IConsumerStore.LoadAllAsync"/> found: the readable consumers in creation order and the names of damaged entries.</summary>
internal sealed record ConsumerStoreContents(IReadOnlyList<StoredConsumer> Consumers, IReadOnlyList<string> Damaged);
