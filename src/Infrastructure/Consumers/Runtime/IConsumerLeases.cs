using CleanEventStore.Domain.Consumers;

namespace CleanEventStore.Infrastructure.Consumers.Runtime;

/// <summary>
/// Who runs which consumer when several nodes share one consumer store: a node runs a consumer only while it holds
/// that consumer's lease, and at most one node holds it. Without leases (the file provider) the one node runs every
/// consumer. Called by <see cref="ConsumerManager"/> one call at a time.
/// </summary>
internal interface IConsumerLeases : IAsyncDisposable
{
    /// <summary>How often the manager looks at the shared store again and retries the leases it does not hold.</summary>
    TimeSpan RetryInterval { get; }

    /// <summary>Completes when another node may have changed a consumer (take it before looking at the store).</summary>
    Task Changed { get; }

    /// <summary>Starts listening for the other nodes' changes.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>True when this node holds the lease of <paramref name="id"/> (it held it already or got it now).</summary>
    ValueTask<bool> TryAcquireAsync(ConsumerId id, CancellationToken cancellationToken);

    /// <summary>Gives the lease of <paramref name="id"/> up, if held.</summary>
    ValueTask ReleaseAsync(ConsumerId id, CancellationToken cancellationToken);

    /// <summary>True while this node holds the lease of <paramref name="id"/> as far as it knows.</summary>
    bool Holds(ConsumerId id);

    /// <summary>Checks that the leases are still held (the session behind them is alive); when not, every lease is forgotten.</summary>
    ValueTask CheckAsync(CancellationToken cancellationToken);
}
