using CleanEventStore.Application.Common.Waiting;

namespace CleanEventStore.Api.Hosting;

/// <summary>
/// Ends every open long-poll and follow as soon as the host begins to stop (<see cref="IHostApplicationLifetime.ApplicationStopping"/>,
/// which fires before the server drains its requests), so that SIGTERM is not held up by waits that would otherwise
/// last until their poll timeout, or by follows, which would last forever.
/// </summary>
internal sealed class LongPollShutdown(IHostApplicationLifetime lifetime, LongPolls longPolls) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(static state => ((LongPolls)state!).Stop(), longPolls);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        longPolls.Stop();
        await _registration.DisposeAsync();
    }
}
