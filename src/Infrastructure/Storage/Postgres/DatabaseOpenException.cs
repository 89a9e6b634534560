using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres;

/// <summary>
/// The PostgreSQL database cannot be opened at start-up: the server is unreachable, refuses the credentials, has no
/// such database, or the schema cannot be migrated. The message names the database, host and user (never the
/// password) and the cause; the inner exception is the cause.
/// </summary>
public sealed class DatabaseOpenException(string database, Exception innerException)
    : IOException($"The PostgreSQL database {database} cannot be opened: {innerException.Message}", innerException)
{
    /// <summary>The database as <c>'name' on host:port as user 'role'</c>.</summary>
    public string Database { get; } = database;

    /// <summary>Describes the database of <paramref name="connectionString"/> without its password.</summary>
    internal static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"'{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port} as user '{builder.Username}'";
    }
}
