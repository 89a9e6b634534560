using CleanEventStore.Application.Abstractions.Backup;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Infrastructure.Configuration;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class EmbeddedStorageDependencyInjection
{
    /// <summary>
    /// The embedded engine as the one <see cref="IEventStore"/> (provider <c>File</c>): binds
    /// <see cref="EmbeddedStorageOptions"/> from <c>EventStore</c> (validated at start) and registers the store, opened
    /// at start-up by a hosted service and closed at shutdown. Needs the shared <see cref="EventStoreOptions"/>, the
    /// matcher services and a <see cref="TimeProvider"/>. Also registers the online backup (<see cref="IStoreBackup"/>). A directory another process holds fails the start with a
    /// <see cref="DataDirectoryInUseException"/>, a store that cannot be opened with a <see cref="StoreOpenException"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EmbeddedStorageOptions>()
            .BindChecked(configuration.GetSection(EmbeddedStorageOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddedStorageOptions>, EmbeddedStorageOptionsValidator>();

        services.AddSingleton(OpenFileStore);
        services.AddSingleton<IEventStore>(provider => provider.GetRequiredService<FileEventStore>());
        services.AddSingleton<IStoreBackup>(provider => new EmbeddedStoreBackup(
            provider.GetRequiredService<FileEventStore>(),
            provider.GetRequiredService<IOptions<EventStoreOptions>>().Value.StorageDirectory,
            provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<EmbeddedStorageLifetime>();
        return services;
    }

    private static FileEventStore OpenFileStore(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<EventStoreOptions>>().Value;
        try
        {
            return FileEventStore.Open(
                options,
                provider.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value,
                provider.GetRequiredService<IMatcherParser>(),
                provider.GetRequiredService<IEventFilterFactory>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<FileEventStore>>(),
                provider.GetService<EventStoreTelemetry>());
        }
        catch (Exception exception) when (exception is InvalidDataException or UnauthorizedAccessException or (IOException and not DataDirectoryInUseException))
        {
            throw new StoreOpenException(Path.GetFullPath(options.StorageDirectory), exception);
        }
    }
}
