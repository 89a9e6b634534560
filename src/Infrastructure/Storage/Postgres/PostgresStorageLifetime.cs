using CleanEventStore.Application.Abstractions.Storage;
using Microsoft.Extensions.Hosting;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>
/// Opens the PostgreSQL store when the host starts (resolving it migrates the schema and starts the writer and the
/// listener), so an unreachable database fails the start rather than the first request. The container closes it when
/// the host is disposed.
/// </summary>
internal sealed class PostgresStorageLifetime(IEventStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(store);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
