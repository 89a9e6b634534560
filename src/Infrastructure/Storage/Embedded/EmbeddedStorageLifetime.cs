using Microsoft.Extensions.Hosting;

namespace CleanEventStore.Infrastructure.Storage.Embedded;

/// <summary>
/// Opens the embedded store when the host starts, so recovery runs (and a locked data directory fails the start)
/// before the first request. The container closes it when the host is disposed, after the server has drained its
/// requests.
/// </summary>
internal sealed class EmbeddedStorageLifetime(FileEventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
