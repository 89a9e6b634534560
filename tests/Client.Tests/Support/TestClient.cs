using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>
/// An <see cref="EventStoreClient"/> made the way an application makes it (<c>AddCleanEventStoreClient</c>, the typed
/// client and its resilience handler), with the test's primary handler (a <see cref="ScriptedHandler"/>, or the
/// network for a real server) and optional handlers between the retries and the network. Retry delays are short.
/// </summary>
public sealed class TestClient : IDisposable
{
    private readonly ServiceProvider _provider;

    private TestClient(ServiceProvider provider)
    {
        _provider = provider;
        Client = provider.GetRequiredService<EventStoreClient>();
    }

    public EventStoreClient Client { get; }

    public static TestClient Create(Action<EventStoreClientOptions>? configure = null, HttpMessageHandler? primary = null, params Func<DelegatingHandler>[] inner)
    {
        var services = new ServiceCollection();
        var builder = services.AddCleanEventStoreClient(options =>
        {
            options.BaseAddress = new Uri("http://events.test/");
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(options);
        });
        foreach (var handler in inner)
        {
            builder.AddHttpMessageHandler(handler);
        }

        // One pipeline for the client's life: the tests' handlers are single instances.
        builder.SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        if (primary is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => primary);
        }

        return new TestClient(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    /// <summary>A client of a scripted "server".</summary>
    public static TestClient Scripted(ScriptedHandler handler, Action<EventStoreClientOptions>? configure = null) => Create(configure, handler);

    public void Dispose() => _provider.Dispose();
}
