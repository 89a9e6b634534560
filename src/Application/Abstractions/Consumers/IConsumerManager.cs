using CleanEventStore.Domain.Consumers;

namespace CleanEventStore.Application.Abstractions.Consumers;

/// <summary>
/// Durable server-side consumers: a JavaScript handler folds the events of one stream into a state; position and
/// state are persisted together. Implemented by the consumer runtime in Infrastructure.
/// </summary>
public interface IConsumerManager
{
    /// <summary>Number of registered consumers (running or faulted).</summary>
    int Count { get; }

    /// <summary>True once the persisted consumers are loaded (at start); the readiness probe waits for it.</summary>
    bool Loaded => true;

    /// <summary>
    /// Creates a consumer, leaves an identical one untouched, or replaces one whose definition differs (it restarts
    /// from the new definition). The stream must exist and the handler must compile.
    /// </summary>
    ValueTask<ConsumerStartOutcome> StartAsync(ConsumerDefinition definition, CancellationToken cancellationToken);

    /// <summary>The consumer as this node knows it now, or null.</summary>
    ConsumerSnapshot? Find(ConsumerId id);

    /// <summary>
    /// The consumer now, or null. Where several nodes share the consumers (PostgreSQL), a consumer this node does not
    /// know yet is looked up in the shared store first, so one just created through another node is found (a client
    /// may PUT through one node and GET through the next).
    /// </summary>
    ValueTask<ConsumerSnapshot?> FindAsync(ConsumerId id, CancellationToken cancellationToken);

    /// <summary>Every consumer, in creation order.</summary>
    IReadOnlyList<ConsumerSnapshot> List();

    /// <summary>
    /// Completes with the consumer once its position is at least <paramref name="position"/>, or once it faults
    /// (the snapshot then says so); null when the consumer does not exist (or is removed while waiting).
    /// Cancel to stop waiting.
    /// </summary>
    ValueTask<ConsumerSnapshot?> WaitForPositionAsync(ConsumerId id, long position, CancellationToken cancellationToken);

    /// <summary>Stops and removes the consumer and its persisted files; false when it does not exist.</summary>
    ValueTask<bool> DeleteAsync(ConsumerId id, CancellationToken cancellationToken);
}
