using CleanEventStore.Tests.Shared;
using Npgsql;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// A fresh, uniquely named database on the PostgreSQL server that <c>CES_POSTGRES</c> names (default: the role
/// <c>ces</c>/<c>ces</c> on 127.0.0.1:5432, which <c>.ci/run</c> creates), dropped (with its connections) on dispose.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=ces;Password=ces;Database=postgres";

    private PostgresDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }

    public static string Server =>
        Environment.GetEnvironmentVariable("CES_POSTGRES") is { Length: > 0 } configured ? configured : DefaultServer;

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Creates a uniquely named database.</summary>
    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = Unique();
        await database.EnsureCreatedAsync();
        return database;
    }

    /// <summary>A uniquely named database that <see cref="EnsureCreatedAsync"/> creates (its name is known before).</summary>
    public static PostgresDatabase Unique() => new("ces_api_" + Guid.NewGuid().ToString("N"));

    public Task EnsureCreatedAsync() => ExecuteAsync($"CREATE DATABASE {Name}");

    /// <summary>The connection string of this database through another host and port (a relay in front of the server).</summary>
    public string Through(string host, int port) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Host = host, Port = port }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await PostgresDrop.DropAsync(connection, Name);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
