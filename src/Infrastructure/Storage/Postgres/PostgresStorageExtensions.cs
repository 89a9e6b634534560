using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Consumers.Runtime;
using CleanEventStore.Infrastructure.Storage.Postgres.Consumers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>Registers the PostgreSQL provider (<c>EventStore:Provider=Postgres</c>).</summary>
public static class PostgresStorageExtensions
{
    /// <summary>
    /// Binds <c>EventStore:Postgres</c> (<c>ConnectionString</c> is required) and registers one
    /// <see cref="NpgsqlDataSource"/> and the store as <see cref="IEventStore"/>; the schema is migrated when the host starts.
    /// The consumers are kept in the database too, and run on one node at a time under a session advisory lock each.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(PostgresStoreOptions.SectionName).Get<PostgresStoreOptions>() ?? new PostgresStoreOptions();
        Validate(options);
        services.AddSingleton(options);
        services.AddSingleton(_ => CreateDataSource(options.ConnectionString));
        services.AddSingleton<IEventStore>(provider => Open(provider, options));
        services.AddSingleton<IConsumerStore>(provider => new PostgresConsumerStore(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<IConsumerLeases>(provider => new PostgresConsumerLeases(options, provider.GetRequiredService<ILogger<PostgresConsumerLeases>>()));
        services.AddHostedService<PostgresStorageLifetime>();
        return services;
    }

    /// <summary>
    /// The node's data source. Statements are prepared automatically (<c>Max Auto Prepare</c> 64 unless the connection
    /// string sets it): the writer and the readers send the same few statements over and over.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }

        return builder.Build();
    }

    private static void Validate(PostgresStoreOptions options)
    {
        if (options.Validate() is { Count: > 0 } failures)
        {
            throw new OptionsValidationException(PostgresStoreOptions.SectionName, typeof(PostgresStoreOptions), failures);
        }
    }

    /// <summary>
    /// Opens the store (migrating the schema) when the host starts; a database that cannot be reached, refuses the
    /// login or does not exist fails the start with a <see cref="DatabaseOpenException"/> naming it.
    /// </summary>
    private static PostgresEventStore Open(IServiceProvider provider, PostgresStoreOptions options)
    {
        try
        {
            return PostgresEventStore.OpenAsync(
                    provider.GetRequiredService<NpgsqlDataSource>(),
                    ownsDataSource: false,
                    provider.GetRequiredService<IOptions<EventStoreOptions>>().Value,
                    options,
                    provider.GetRequiredService<IMatcherParser>(),
                    provider.GetRequiredService<IEventFilterFactory>(),
                    provider.GetService<TimeProvider>() ?? TimeProvider.System,
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger<PostgresEventStore>(),
                    CancellationToken.None,
                    provider.GetService<EventStoreTelemetry>())
                .GetAwaiter()
                .GetResult();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            throw new DatabaseOpenException(DatabaseOpenException.Describe(options.ConnectionString), exception);
        }
    }
}
