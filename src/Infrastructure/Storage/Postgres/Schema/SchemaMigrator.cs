using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Schema;

/// <summary>
/// Creates or upgrades the schema at start, in one transaction that first takes a transaction-scoped advisory lock:
/// two nodes starting at once apply each migration once, the second waits and then finds nothing to do.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Applies the missing migrations; returns the schema version afterwards.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", PostgresSchema.MigrationLockKey));
        await ExecuteAsync(
            connection,
            "CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken);

        await using var select = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection);
        var current = Convert.ToInt32(await select.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, sql) in PostgresSchema.Migrations)
        {
            if (version <= current)
            {
                continue;
            }

            await ExecuteAsync(connection, sql, cancellationToken);
            await ExecuteAsync(connection, "INSERT INTO schema_version (version) VALUES (@version)", cancellationToken, ("version", version));
            current = version;
        }

        await transaction.CommitAsync(cancellationToken);
        return current;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
