using CleanEventStore.Domain.Consumers;

namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>
/// Where consumers are persisted: their definitions and, per definition, the pair (position, state) that moves as
/// one. The file store (<see cref="ConsumerFileStore"/>) serves one node; the PostgreSQL store serves every node of a
/// cluster, so its writes are conditional (<see cref="SaveProgressAsync"/>). The runtime serialises the writes of
/// one consumer.
/// </summary>
internal interface IConsumerStore
{
    /// <summary>Where the consumers are kept (for the start-up log line).</summary>
    string Location { get; }

    /// <summary>Every readable consumer in creation order, and the names of those that could not be read.</summary>
    ValueTask<ConsumerStoreContents> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Persists a definition (a new consumer or a new generation of one) together with its first checkpoint
    /// (sequence 1, position <c>From</c>, the initial state), and returns it as stored: a shared store assigns the
    /// generation and the creation order itself (generations never repeat for an identifier), the file store keeps
    /// the proposed ones.
    /// </summary>
    ValueTask<PersistedDefinition> SaveDefinitionAsync(PersistedDefinition definition, CancellationToken cancellationToken);

    /// <summary>
    /// Persists the pair (position, state) and the fault, if any, in one write. A shared store writes it only if the
    /// stored consumer still has the checkpoint's generation and the sequence just before it (nobody else wrote or
    /// replaced it meanwhile); false means the write was refused and the caller no longer owns the consumer.
    /// </summary>
    ValueTask<bool> SaveProgressAsync(ConsumerId id, ConsumerCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Removes the definition and its progress; nothing when it does not exist.</summary>
    ValueTask DeleteAsync(ConsumerId id, CancellationToken cancellationToken);
}
