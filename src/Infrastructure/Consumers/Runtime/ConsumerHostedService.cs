using Microsoft.Extensions.Hosting;

namespace CleanEventStore.Infrastructure.Consumers.Runtime;

/// <summary>
/// Loads (and with <c>AutoStartConsumers</c> resumes) the persisted consumers when the host starts, after the store
/// has opened, and stops them when it stops, before the store is closed.
/// </summary>
internal sealed class ConsumerHostedService(ConsumerManager manager) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => manager.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => manager.StopAllAsync();
}
