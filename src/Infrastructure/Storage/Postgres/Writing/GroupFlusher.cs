using System.Buffers.Binary;
using System.Globalization;
using CleanEventStore.Infrastructure.Storage.Postgres.Schema;
using Npgsql;
using NpgsqlTypes;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// Writes what a group staged, still under the write lock, in one batch (one round trip): new streams, events and
/// memberships, changed stream rows and new idempotency keys with one <c>unnest</c> insert or update each, then the
/// head, the <c>NOTIFY</c> carrying it, and <c>COMMIT</c>. A large group's rows go with binary COPY before that batch
/// instead (each COPY is a round trip of its own, but streams rows without building parameter arrays).
/// </summary>
internal static class GroupFlusher
{
    /// <summary>
    /// Up to this many event and membership rows a group sends as <c>unnest</c> parameters in its one batch; above it,
    /// with COPY, which costs a round trip per table but streams the rows without building parameter arrays.
    /// </summary>
    public const int MaxRowsInBatch = 1_024;

    /// <summary>
    /// Writes the group, if it changed anything, and commits its transaction. With <paramref name="pruneKeysBeyond"/>
    /// set, the same batch also deletes every idempotency key older (by commit position) than the
    /// <paramref name="pruneKeysBeyond"/> most recent ones. The batch is not sent once <paramref name="cancellationToken"/>
    /// is cancelled (the group's deadline: its callers have been failed by then), so the group never commits after it.
    /// </summary>
    public static async Task FlushAndCommitAsync(NpgsqlConnection connection, GroupContext context, int? pruneKeysBeyond, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (context.HasChanges)
        {
            await AddChangesAsync(connection, batch, context, pruneKeysBeyond, cancellationToken);
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        cancellationToken.ThrowIfCancellationRequested();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task AddChangesAsync(NpgsqlConnection connection, NpgsqlBatch batch, GroupContext context, int? pruneKeysBeyond, CancellationToken cancellationToken)
    {
        if (context.Events.Count + context.Memberships.Count <= MaxRowsInBatch)
        {
            AddStreamInserts(batch, context);
            AddEventInserts(batch, context);
            AddMembershipInserts(batch, context);
        }
        else
        {
            await CopyStreamsAsync(connection, context, cancellationToken);
            await CopyEventsAsync(connection, context, cancellationToken);
            await CopyMembershipsAsync(connection, context, cancellationToken);
        }

        AddStreamUpdates(batch, context);
        AddKeys(batch, context);
        if (pruneKeysBeyond is { } capacity)
        {
            // No index on commit_id (the schema is not changed for this): a top-N over the table, which holds about
            // capacity + capacity / 8 rows per node, every capacity / 8 keys.
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "DELETE FROM idempotency WHERE commit_id < (SELECT min(k.commit_id) FROM (SELECT commit_id FROM idempotency ORDER BY commit_id DESC LIMIT @capacity) k)")
            {
                Parameters = { new NpgsqlParameter<int>("capacity", capacity) },
            });
        }

        var head = context.NextPosition - 1;
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE head SET position = @position, streams = @streams WHERE id = 1")
        {
            Parameters =
            {
                new NpgsqlParameter<long>("position", head),
                new NpgsqlParameter<long>("streams", context.StreamCount),
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify('{PostgresSchema.Channel}', @head)")
        {
            Parameters = { new NpgsqlParameter<string>("head", head.ToString(CultureInfo.InvariantCulture)) },
        });
    }

    /// <summary>
    /// Writes the memberships of a new matcher stream in committed events (its backfill, ascending positions), numbering
    /// them from the stream's next revision; the stream row itself is written with the group.
    /// </summary>
    public static async Task CopyBackfillAsync(NpgsqlConnection connection, StreamRow stream, List<long> positions, CancellationToken cancellationToken)
    {
        if (positions.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync("COPY memberships (stream_id, revision, position) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var position in positions)
        {
            stream.Version++;
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(stream.Id, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(stream.Version, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(position, NpgsqlDbType.Bigint, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
        stream.Changed = true;
    }

    /// <summary>The 16 bytes stored for a request hash: low half then high half, little-endian.</summary>
    public static byte[] HashBytes(UInt128 hash)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)hash);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (ulong)(hash >> 64));
        return bytes;
    }

    private static async Task CopyStreamsAsync(NpgsqlConnection connection, GroupContext context, CancellationToken cancellationToken)
    {
        if (!context.Rows.Exists(row => row.IsNew))
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY streams (id, name, kind, version, closed, matcher, created_at) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in context.Rows)
        {
            if (!row.IsNew)
            {
                continue;
            }

            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.Id, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.Name.Value, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((short)row.Kind, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(row.Version, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(row.Closed, NpgsqlDbType.Boolean, cancellationToken);
            if (row.Matcher is null)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            else
            {
                await importer.WriteAsync(row.Matcher, NpgsqlDbType.Text, cancellationToken);
            }

            await importer.WriteAsync(context.Head, NpgsqlDbType.Bigint, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyEventsAsync(NpgsqlConnection connection, GroupContext context, CancellationToken cancellationToken)
    {
        if (context.Events.Count == 0)
        {
            return;
        }

        var buffer = context.Buffer.Array;
        await using var importer = await connection.BeginBinaryImportAsync("COPY events (position, stream_id, document) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var staged in context.Events)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(staged.Position, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(staged.StreamId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(new ArraySegment<byte>(buffer, staged.BodyOffset, staged.BodyLength), NpgsqlDbType.Bytea, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyMembershipsAsync(NpgsqlConnection connection, GroupContext context, CancellationToken cancellationToken)
    {
        if (context.Memberships.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync("COPY memberships (stream_id, revision, position) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var membership in context.Memberships)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(membership.Stream.Id, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(membership.Revision, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(membership.Position, NpgsqlDbType.Bigint, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static void AddStreamInserts(NpgsqlBatch batch, GroupContext context)
    {
        var rows = context.Rows.FindAll(row => row.IsNew);
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO streams (id, name, kind, version, closed, matcher, created_at) SELECT u.*, @created FROM unnest(@ids, @names, @kinds, @versions, @closed, @matchers) AS u")
        {
            Parameters =
            {
                new NpgsqlParameter<long[]>("ids", [.. rows.Select(row => row.Id)]),
                new NpgsqlParameter<string[]>("names", [.. rows.Select(row => row.Name.Value)]),
                new NpgsqlParameter<short[]>("kinds", [.. rows.Select(row => (short)row.Kind)]),
                new NpgsqlParameter<long[]>("versions", [.. rows.Select(row => row.Version)]),
                new NpgsqlParameter<bool[]>("closed", [.. rows.Select(row => row.Closed)]),
                new NpgsqlParameter("matchers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(row => (object?)row.Matcher ?? DBNull.Value).ToArray() },
                new NpgsqlParameter<long>("created", context.Head),
            },
        });
    }

    private static void AddEventInserts(NpgsqlBatch batch, GroupContext context)
    {
        var events = context.Events;
        if (events.Count == 0)
        {
            return;
        }

        var positions = new long[events.Count];
        var streams = new long[events.Count];
        var documents = new byte[events.Count][];
        var buffer = context.Buffer.Array;
        for (var i = 0; i < events.Count; i++)
        {
            var staged = events[i];
            positions[i] = staged.Position;
            streams[i] = staged.StreamId;
            documents[i] = buffer.AsSpan(staged.BodyOffset, staged.BodyLength).ToArray();
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO events (position, stream_id, document) SELECT * FROM unnest(@positions, @streams, @documents)")
        {
            Parameters =
            {
                new NpgsqlParameter<long[]>("positions", positions),
                new NpgsqlParameter<long[]>("streams", streams),
                new NpgsqlParameter("documents", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = documents },
            },
        });
    }

    private static void AddMembershipInserts(NpgsqlBatch batch, GroupContext context)
    {
        var memberships = context.Memberships;
        if (memberships.Count == 0)
        {
            return;
        }

        var streams = new long[memberships.Count];
        var revisions = new long[memberships.Count];
        var positions = new long[memberships.Count];
        for (var i = 0; i < memberships.Count; i++)
        {
            var membership = memberships[i];
            streams[i] = membership.Stream.Id;
            revisions[i] = membership.Revision;
            positions[i] = membership.Position;
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO memberships (stream_id, revision, position) SELECT * FROM unnest(@streams, @revisions, @positions)")
        {
            Parameters =
            {
                new NpgsqlParameter<long[]>("streams", streams),
                new NpgsqlParameter<long[]>("revisions", revisions),
                new NpgsqlParameter<long[]>("positions", positions),
            },
        });
    }

    private static void AddStreamUpdates(NpgsqlBatch batch, GroupContext context)
    {
        var changed = context.Rows.FindAll(row => row.Changed && !row.IsNew);
        if (changed.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "UPDATE streams s SET version = u.version, closed = u.closed FROM unnest(@ids, @versions, @closed) AS u(id, version, closed) WHERE s.id = u.id")
        {
            Parameters =
            {
                new NpgsqlParameter<long[]>("ids", [.. changed.Select(row => row.Id)]),
                new NpgsqlParameter<long[]>("versions", [.. changed.Select(row => row.Version)]),
                new NpgsqlParameter<bool[]>("closed", [.. changed.Select(row => row.Closed)]),
            },
        });
    }

    private static void AddKeys(NpgsqlBatch batch, GroupContext context)
    {
        var keys = context.NewKeys;
        if (keys.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO idempotency (key, request_hash, stream, commit_id, committed_at, stream_version) SELECT * FROM unnest(@keys, @hashes, @streams, @commits, @times, @versions)")
        {
            Parameters =
            {
                new NpgsqlParameter<string[]>("keys", [.. keys.Select(key => key.Key)]),
                new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = keys.Select(key => HashBytes(key.RequestHash)).ToArray() },
                new NpgsqlParameter<string[]>("streams", [.. keys.Select(key => key.Stream)]),
                new NpgsqlParameter<long[]>("commits", [.. keys.Select(key => key.CommitId)]),
                new NpgsqlParameter<long[]>("times", [.. keys.Select(key => key.CommittedAt)]),
                new NpgsqlParameter<long[]>("versions", [.. keys.Select(key => key.StreamVersion)]),
            },
        });
    }
}
