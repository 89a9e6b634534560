using CleanEventStore.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="EventStoreClient"/> as a typed <see cref="HttpClient"/> of <see cref="IHttpClientFactory"/>.</summary>
public static class EventStoreClientServiceCollectionExtensions
{
    /// <summary>The name of the client's resilience pipeline (its retries), for telemetry.</summary>
    public const string PipelineName = "CleanEventStore.Client";

    /// <summary>
    /// Registers <see cref="EventStoreClient"/> configured by <paramref name="configure"/>: a typed <see cref="HttpClient"/>
    /// whose handler retries idempotent calls (<see cref="EventStoreRetryOptions"/>). Returns the client's builder, to add
    /// handlers or configure the primary handler.
    /// </summary>
    public static IHttpClientBuilder AddCleanEventStoreClient(this IServiceCollection services, Action<EventStoreClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EventStoreClientOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers <see cref="EventStoreClient"/> with its options bound from <paramref name="configuration"/> (a section
    /// such as <c>configuration.GetSection("EventStore")</c> with <c>BaseAddress</c>, <c>ApiKey</c>, …).
    /// </summary>
    public static IHttpClientBuilder AddCleanEventStoreClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventStoreClientOptions>().Bind(configuration);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<EventStoreClientOptions>().Validate(Valid, "EventStoreClientOptions: BaseAddress must be an absolute http or https URI, Timeout and the retry delays positive, MaxLineBytes and Retry:MaxRetryAttempts not negative.");
        var builder = services.AddHttpClient<EventStoreClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<EventStoreClientOptions>>().Value;
            http.BaseAddress = EventStoreClient.WithTrailingSlash(options.BaseAddress);
            http.Timeout = options.Timeout;
        });
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var retry = context.ServiceProvider.GetRequiredService<IOptions<EventStoreClientOptions>>().Value.Retry;
            if (retry.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = retry.MaxRetryAttempts,
                    Delay = retry.Delay,
                    MaxDelay = retry.MaxDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(RetryPolicy.ShouldRetry(args.Context.GetRequestMessage(), args.Outcome)),
                });
            }
        });
        return builder;
    }

    private static bool Valid(EventStoreClientOptions options) =>
        options.BaseAddress is { IsAbsoluteUri: true } address
        && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
        && (options.Timeout > TimeSpan.Zero || options.Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        && options.MaxLineBytes > 0
        && options.Retry is { MaxRetryAttempts: >= 0 } retry
        && retry.Delay > TimeSpan.Zero
        && retry.MaxDelay >= retry.Delay;
}
