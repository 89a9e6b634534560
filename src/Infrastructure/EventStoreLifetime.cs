using CleanEventStore.Application.Abstractions.Storage;
using Microsoft.Extensions.Hosting;

namespace CleanEventStore.Infrastructure;

/// <summary>
/// Opens the store when the host starts, so recovery runs (and a locked data directory fails the start) before the
/// first request. The container closes it when the host is disposed, after the server has drained its requests.
/// </summary>
internal sealed class EventStoreLifetime(IEventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
