using CleanEventStore.Application.Common.Options;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.Postgres;
using CleanEventStore.Infrastructure.Tests.Support;
using CleanEventStore.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CleanEventStore.Infrastructure.Tests.Storage.Postgres;

/// <summary>
/// Connects to the PostgreSQL named by the environment variable <c>CES_POSTGRES</c> (default: the role <c>ces</c>,
/// password <c>ces</c>, on 127.0.0.1:5432, which <c>.ci/run</c> creates), creates uniquely named databases for the
/// tests of one class and drops them all when the class is done.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=ces;Password=ces;Database=postgres";

    private readonly List<string> _databases = [];

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("CES_POSTGRES") is { Length: > 0 } configured ? configured : DefaultConnectionString;

    /// <summary>Creates an empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "ces_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Opens a store ("node") on <paramref name="connectionString"/>; each call is another node with its own pool.</summary>
    internal static async Task<PostgresEventStore> OpenAsync(
        string connectionString, int pollIntervalMs = 60_000, TimeProvider? time = null, Action<PostgresStoreOptions>? configure = null)
    {
        var options = new EventStoreOptions();
        var postgres = new PostgresStoreOptions { ConnectionString = connectionString, PollIntervalMs = pollIntervalMs };
        configure?.Invoke(postgres);
        return await PostgresEventStore.OpenAsync(
            NpgsqlDataSource.Create(connectionString),
            ownsDataSource: true,
            options,
            postgres,
            StoreFactory.Matchers(),
            new EventFilterFactory(),
            time ?? TimeProvider.System,
            NullLogger<PostgresEventStore>.Instance,
            CancellationToken.None);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await PostgresDrop.DropAsync(connection, name);
        }
    }
}
