using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure;
using CleanEventStore.Infrastructure.Configuration;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class InfrastructureDependencyInjection
{
    private const string ProviderKey = EventStoreOptions.SectionName + ":Provider";

    /// <summary>
    /// Binds <see cref="EventStoreOptions"/> (section <c>EventStore</c>, validated at start), registers the matcher
    /// services, the storage provider as the one <see cref="IEventStore"/> and the consumer runtime. Start-up failures
    /// are typed: invalid configuration is an <see cref="OptionsValidationException"/>, a directory another process
    /// holds a <see cref="DataDirectoryInUseException"/>, a store that cannot be opened a <see cref="StoreOpenException"/>.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EventStoreOptions>()
            .BindChecked(configuration.GetSection(EventStoreOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventStoreOptions>, EventStoreOptionsValidator>();

        services.AddSingleton<IMatcherParser, MatcherParser>();
        services.AddSingleton<IEventFilterFactory, EventFilterFactory>();
        services.AddSingleton<ISelectorParser, SelectorParser>();

        // The storage provider (EventStore:Provider): File, the embedded engine (default), or Postgres. Each registers
        // its own IEventStore, options and lifetime through its own Add…Storage extension.
        var provider = configuration[ProviderKey];
        if (string.IsNullOrEmpty(provider) || string.Equals(provider, "File", StringComparison.OrdinalIgnoreCase))
        {
            services.AddEmbeddedStorage(configuration);
        }
        else if (string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            services.AddPostgresStorage(configuration);
        }
        else
        {
            throw new OptionsValidationException(
                ProviderKey, typeof(EventStoreOptions), [$"{ProviderKey} must be File or Postgres, not \"{provider}\"."]);
        }

        services.AddConsumers();
        return services;
    }
}
