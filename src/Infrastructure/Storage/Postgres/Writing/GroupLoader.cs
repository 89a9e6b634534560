using System.Buffers.Binary;
using System.Globalization;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// The first statements of a group transaction, sent as one batch: take the store's write lock (the update of the
/// head row, which waits for the previous holder's commit and then returns its head), then, in later statements and
/// so with fresh READ COMMITTED snapshots that include every earlier commit, read the streams and keys the group needs.
/// </summary>
internal sealed class GroupLoader(IMatcherParser matchers, IEventFilterFactory filters, int lockTimeoutMs)
{
    private readonly Dictionary<long, IEventFilter> _filters = [];

    /// <summary>
    /// The group's first round trip, one batch of statements run in order: <c>BEGIN</c> (READ COMMITTED);
    /// <c>SET LOCAL lock_timeout</c>; the write
    /// lock (the update of the head row, which returns the head and the stream count); then, each in its own later
    /// statement and so with a READ COMMITTED snapshot taken after the lock was granted, the named streams with every
    /// matcher stream, and the rows of the group's idempotency keys. Resets <paramref name="context"/> to the head.
    /// </summary>
    public async Task LockAndLoadAsync(NpgsqlConnection connection, GroupContext context, IReadOnlyList<WriteOperation> operations, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var operation in operations)
        {
            Collect(operation, names, keys);
        }

        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"),
                new NpgsqlBatchCommand(string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = '{lockTimeoutMs}ms'")),
                new NpgsqlBatchCommand("UPDATE head SET position = position WHERE id = 1 RETURNING position, streams"),
                new NpgsqlBatchCommand("SELECT id, name, kind, version, closed, matcher FROM streams WHERE name = ANY(@names) OR kind = 3 ORDER BY id")
                {
                    Parameters = { new NpgsqlParameter<string[]>("names", [.. names]) },
                },
                new NpgsqlBatchCommand("SELECT key, request_hash, stream, commit_id, committed_at, stream_version FROM idempotency WHERE key = ANY(@keys)")
                {
                    Parameters = { new NpgsqlParameter<string[]>("keys", [.. keys]) },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The head row is missing: the schema was not created.");
        }

        context.Reset(reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new StreamRow(
                reader.GetInt64(0),
                StreamName.FromTrusted(reader.GetString(1)),
                (StreamKind)reader.GetInt16(2),
                reader.GetInt64(3),
                reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                isNew: false);
            if (row.Matcher is not null)
            {
                row.Filter = FilterOf(row.Id, row.Matcher);
            }

            context.AddLoaded(row);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var hash = reader.GetFieldValue<byte[]>(1);
            var key = new StagedKey(
                reader.GetString(0),
                new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan(8)), BinaryPrimitives.ReadUInt64LittleEndian(hash)),
                reader.GetString(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetInt64(5));
            context.Keys[key.Key] = key;
        }

        foreach (var name in names)
        {
            context.AddMissing(name);
        }
    }

    private static void Collect(WriteOperation operation, HashSet<string> names, List<string> keys)
    {
        if (operation is StreamOperation change)
        {
            names.Add(change.Stream.Value);
            return;
        }

        var commit = (CommitOperation)operation;
        names.Add(commit.Request.Stream.Value);
        if (commit.Request.Idempotency is { } token)
        {
            keys.Add(token.Key);
        }

        foreach (var derived in commit.DerivedNames)
        {
            if (derived is not null)
            {
                names.UnionWith(derived);
            }
        }

        if (commit.Request.Condition is { } condition)
        {
            foreach (var stream in condition.Selector.Streams())
            {
                names.Add(stream.Value);
            }
        }
    }

    /// <summary>The compiled matcher of the matcher stream <paramref name="id"/> (matchers never change; cached).</summary>
    private IEventFilter FilterOf(long id, string json)
    {
        if (!_filters.TryGetValue(id, out var filter))
        {
            var parsed = matchers.Parse(json, "matcher");
            filter = filters.Create(parsed.Value ?? throw new InvalidOperationException($"Stored matcher {id} does not parse: {parsed.Error}"));
            _filters[id] = filter;
        }

        return filter;
    }
}
