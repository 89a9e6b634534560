using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Infrastructure.Configuration;
using CleanEventStore.Infrastructure.Consumers.Runtime;
using CleanEventStore.Infrastructure.Consumers.Sandbox;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ConsumersDependencyInjection
{
    /// <summary>
    /// The consumer runtime: <see cref="IConsumerManager"/> (a singleton), the Jint sandbox with its limits bound from
    /// <c>EventStore:ConsumerSandbox</c> (validated at start), and the hosted service that loads and resumes the
    /// persisted consumers at start-up and stops them at shutdown.
    /// </summary>
    public static IServiceCollection AddConsumers(this IServiceCollection services)
    {
        services.AddOptions<ConsumerSandboxOptions>()
            .BindConfigurationChecked(ConsumerSandboxOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsumerSandboxOptions>, ConsumerSandboxOptionsValidator>();
        services.AddSingleton<JavaScriptSandbox>();
        services.AddSingleton<ConsumerManager>();
        services.AddSingleton<IConsumerManager>(provider => provider.GetRequiredService<ConsumerManager>());
        services.AddHostedService<ConsumerHostedService>();
        return services;
    }
}
