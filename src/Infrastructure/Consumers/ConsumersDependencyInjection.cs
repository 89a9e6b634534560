using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Configuration;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Consumers.Runtime;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ConsumersDependencyInjection
{
    /// <summary>
    /// The consumer runtime: <see cref="IConsumerManager"/> (a singleton), the Jint sandbox with its limits bound from
    /// <c>EventStore:ConsumerSandbox</c> (validated at start), and the hosted service that loads and resumes the
    /// persisted consumers at start-up and stops them at shutdown. The consumers are persisted where the storage
    /// provider registered its consumer store (and its leases, when nodes share it); otherwise in files under
    /// <c>EventStore:StorageDirectory</c>.
    /// </summary>
    public static IServiceCollection AddConsumers(this IServiceCollection services)
    {
        services.AddOptions<ConsumerSandboxOptions>()
            .BindConfigurationChecked(ConsumerSandboxOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsumerSandboxOptions>, ConsumerSandboxOptionsValidator>();
        services.AddSingleton<JavaScriptSandbox>();
        services.TryAddSingleton<IConsumerStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<EventStoreOptions>>().Value;
            return new ConsumerFileStore(options.StorageDirectory, options.Durability == DurabilityMode.Fsync);
        });
        services.AddSingleton<ConsumerManager>();
        services.AddSingleton<IConsumerManager>(provider => provider.GetRequiredService<ConsumerManager>());
        services.AddHostedService<ConsumerHostedService>();
        return services;
    }
}
