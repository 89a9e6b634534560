using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure;
using CleanEventStore.Infrastructure.Configuration;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class InfrastructureDependencyInjection
{
    /// <summary>
    /// Binds <see cref="EventStoreOptions"/> (section <c>EventStore</c>, validated at start), registers the matcher
    /// services, the embedded file engine as the one <see cref="IEventStore"/> (opened at start-up, closed at
    /// shutdown) and the consumer runtime. Start-up failures are typed: invalid configuration is an
    /// <see cref="OptionsValidationException"/>, a directory another process holds a
    /// <see cref="DataDirectoryInUseException"/>, a store that cannot be opened a <see cref="StoreOpenException"/>.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventStoreOptions>()
            .BindChecked(configuration.GetSection(EventStoreOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventStoreOptions>, EventStoreOptionsValidator>();

        services.AddSingleton<IMatcherParser, MatcherParser>();
        services.AddSingleton<IEventFilterFactory, EventFilterFactory>();
        services.AddSingleton<ISelectorParser, SelectorParser>();

        services.AddSingleton<FileEventStore>(OpenFileStore);
        services.AddSingleton<IEventStore>(provider => provider.GetRequiredService<FileEventStore>());
        services.AddHostedService<EventStoreLifetime>();

        services.AddConsumers();
        return services;
    }

    private static FileEventStore OpenFileStore(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<EventStoreOptions>>().Value;
        try
        {
            return FileEventStore.Open(
                options,
                provider.GetRequiredService<IMatcherParser>(),
                provider.GetRequiredService<IEventFilterFactory>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<FileEventStore>>());
        }
        catch (Exception exception) when (exception is InvalidDataException or UnauthorizedAccessException or (IOException and not DataDirectoryInUseException))
        {
            throw new StoreOpenException(Path.GetFullPath(options.StorageDirectory), exception);
        }
    }
}
