using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Storage.Postgres.Schema;
using Npgsql;
using NpgsqlTypes;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Consumers;

/// <summary>
/// The consumers of every node in two tables (schema version 2): <c>consumer_definitions</c> (one row per consumer:
/// handler, stream, initial state, from, its current generation and creation order) and <c>consumer_progress</c> (one
/// row per consumer: generation, sequence, position, state, fault). A progress write is one conditional statement: it
/// lands only if the row still has the writer's generation and the sequence just before the new one, so a node that
/// lost a consumer (another node claimed it by writing the next sequence, or it was replaced or deleted) cannot
/// overwrite the new owner's pair. Every change NOTIFYs <see cref="PostgresSchema.ConsumerChannel"/> with the
/// consumer's identifier in the same transaction. Generations come from one sequence, so they never repeat, even
/// for an identifier deleted and created again.
/// </summary>
internal sealed class PostgresConsumerStore(NpgsqlDataSource dataSource) : IConsumerStore
{
    private const string LoadSql = """
        SELECT d.id, d.generation, d.creation_order, d.stream, d.handler, d.initial_state, d.from_position,
               p.generation, p.sequence, p.position, p.state, p.error, p.failed_revision
        FROM consumer_definitions d LEFT JOIN consumer_progress p ON p.id = d.id
        ORDER BY d.creation_order, d.id
        """;

    private const string SaveDefinitionSql = """
        INSERT INTO consumer_definitions AS d (id, generation, creation_order, stream, handler, initial_state, from_position)
        SELECT @id, g, g, @stream, @handler, @state, @from FROM nextval('consumer_generations') AS g
        ON CONFLICT (id) DO UPDATE SET
            generation = excluded.generation, stream = excluded.stream, handler = excluded.handler,
            initial_state = excluded.initial_state, from_position = excluded.from_position, updated_at = now()
        RETURNING d.generation, d.creation_order
        """;

    private const string SaveFirstCheckpointSql = $"""
        INSERT INTO consumer_progress AS p (id, generation, sequence, position, state, error, failed_revision)
        VALUES (@id, @generation, 1, @from, @state, NULL, NULL)
        ON CONFLICT (id) DO UPDATE SET
            generation = excluded.generation, sequence = 1, position = excluded.position, state = excluded.state,
            error = NULL, failed_revision = NULL, updated_at = now();
        SELECT pg_notify('{PostgresSchema.ConsumerChannel}', @id)
        """;

    private const string SaveProgressSql = $"""
        WITH updated AS (
            UPDATE consumer_progress
            SET sequence = @sequence, position = @position, state = @state, error = @error, failed_revision = @failed, updated_at = now()
            WHERE id = @id AND generation = @generation AND sequence = @sequence - 1
            RETURNING id)
        SELECT pg_notify('{PostgresSchema.ConsumerChannel}', id) FROM updated
        """;

    private const string DeleteSql = $"""
        WITH deleted AS (DELETE FROM consumer_definitions WHERE id = @id RETURNING id)
        SELECT pg_notify('{PostgresSchema.ConsumerChannel}', id) FROM deleted
        """;

    public string Location { get; } = "the PostgreSQL database " + new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database;

    public async ValueTask<ConsumerStoreContents> LoadAllAsync(CancellationToken cancellationToken)
    {
        var consumers = new List<StoredConsumer>();
        var damaged = new List<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(LoadSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            if (!ConsumerId.TryParse(name, out var id) || !StreamName.TryParse(reader.GetString(3), allowAll: true, out var stream))
            {
                damaged.Add(name);
                continue;
            }

            var definition = new PersistedDefinition(
                new ConsumerDefinition(id, stream, reader.GetString(4), reader.GetString(5), reader.GetInt64(6)),
                reader.GetInt64(1),
                reader.GetInt64(2));
            ConsumerCheckpoint? checkpoint = null;
            if (!reader.IsDBNull(7) && reader.GetInt64(7) == definition.Generation)
            {
                checkpoint = new ConsumerCheckpoint(
                    reader.GetInt64(8),
                    definition.Generation,
                    reader.GetInt64(9),
                    reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetInt64(12));
            }

            consumers.Add(new StoredConsumer(definition, checkpoint));
        }

        return new ConsumerStoreContents(consumers, damaged);
    }

    /// <summary>
    /// One transaction: the definition with a new generation (the creation order is the first generation and is
    /// kept by later ones), then its first checkpoint, then the notification.
    /// </summary>
    public async ValueTask<PersistedDefinition> SaveDefinitionAsync(PersistedDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var value = definition.Definition;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        long generation;
        long order;
        await using (var save = new NpgsqlCommand(SaveDefinitionSql, connection, transaction))
        {
            save.Parameters.AddWithValue("id", value.Id.Value);
            save.Parameters.AddWithValue("stream", value.Stream.Value);
            save.Parameters.AddWithValue("handler", value.Handler);
            save.Parameters.AddWithValue("state", value.InitialState);
            save.Parameters.AddWithValue("from", value.From);
            await using var reader = await save.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            generation = reader.GetInt64(0);
            order = reader.GetInt64(1);
        }

        await using (var first = new NpgsqlCommand(SaveFirstCheckpointSql, connection, transaction))
        {
            first.Parameters.AddWithValue("id", value.Id.Value);
            first.Parameters.AddWithValue("generation", generation);
            first.Parameters.AddWithValue("from", value.From);
            first.Parameters.AddWithValue("state", value.InitialState);
            await first.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return definition with { Generation = generation, Order = order };
    }

    public async ValueTask<bool> SaveProgressAsync(ConsumerId id, ConsumerCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(SaveProgressSql, connection);
        command.Parameters.AddWithValue("id", id.Value);
        command.Parameters.AddWithValue("generation", checkpoint.Generation);
        command.Parameters.AddWithValue("sequence", checkpoint.Sequence);
        command.Parameters.AddWithValue("position", checkpoint.Position);
        command.Parameters.AddWithValue("state", checkpoint.State);
        command.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)checkpoint.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("failed", NpgsqlDbType.Bigint, (object?)checkpoint.FailedRevision ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken);
    }

    public async ValueTask DeleteAsync(ConsumerId id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(DeleteSql, connection);
        command.Parameters.AddWithValue("id", id.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
