using System.Globalization;
using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Reading;

/// <summary>
/// Reads: the head first, then keyset pages of (key, document) rows up to that head, each page one statement on a
/// pooled connection (no connection or snapshot is held while the caller consumes a batch), read with
/// <c>SequentialAccess</c> straight into the batch buffer. A batch is one page's lines that the filter accepts.
/// </summary>
internal sealed class PostgresReader(NpgsqlDataSource dataSource)
{
    public const int PageRows = 256;

    public async IAsyncEnumerable<EventBatch> ReadAsync(
        ReadSource source, ResolvedWindow window, IEventFilter? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (window.IsEmpty)
        {
            yield break;
        }

        ReadPlan? plan;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var head = await HeadAsync(connection, cancellationToken);
            plan = await PlanAsync(connection, source, head, window.IsForward ? "ASC" : "DESC", cancellationToken);
        }

        if (plan is null)
        {
            yield break;
        }

        var ascending = window.IsForward;
        var sql = plan.Sql;
        var keyIsPosition = plan.KeyIsPosition;
        var lo = window.Lowest - 1;
        var hi = Math.Min(window.Target, plan.MaxKey);
        using var batch = new PostgresBatch();
        while (lo < hi)
        {
            batch.Reset();
            var rows = 0;
            var last = 0L;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            await using (var command = new NpgsqlCommand(sql, connection))
            {
                command.Parameters.Add(new NpgsqlParameter<long>("lo", lo));
                command.Parameters.Add(new NpgsqlParameter<long>("hi", hi));
                command.Parameters.Add(new NpgsqlParameter<long>("head", plan.Head));
                command.Parameters.Add(new NpgsqlParameter<int>("n", PageRows));
                if (plan.Ids is { } ids)
                {
                    command.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
                }

                await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                    last = reader.GetInt64(0);
                    if (reader.IsDBNull(1))
                    {
                        batch.Examined(last);
                        continue;
                    }

                    var length = (int)reader.GetBytes(1, 0, null, 0, 0);
                    var offset = batch.Reserve(length);
                    reader.GetBytes(1, 0, batch.Buffer, offset, length);
                    var position = keyIsPosition ? last : reader.GetInt64(2);
                    if (filter is null || filter.Matches(batch.Buffer.AsSpan(offset, length)))
                    {
                        batch.Commit(length, position);
                    }

                    batch.Examined(last);
                }
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }

            if (rows < PageRows)
            {
                yield break;
            }

            if (ascending)
            {
                lo = last;
            }
            else
            {
                hi = last - 1;
            }
        }
    }

    public static async Task<long> HeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT position FROM head WHERE id = 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is long head ? head : 0;
    }

    private static async Task<ReadPlan?> PlanAsync(NpgsqlConnection connection, ReadSource source, long head, string order, CancellationToken cancellationToken)
    {
        switch (source)
        {
            case ReadSource.Stream { Name.IsAll: true }:
                return new ReadPlan("SELECT position, document FROM events WHERE position > @lo AND position <= @hi ORDER BY position " + order + " LIMIT @n", head, head);
            case ReadSource.Stream stream:
                var ids = await StreamIdsAsync(connection, [stream.Name.Value], cancellationToken);
                return ids.TryGetValue(stream.Name.Value, out var id)
                    ? new ReadPlan(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"SELECT m.revision, e.document, m.position FROM memberships m JOIN events e ON e.position = m.position WHERE m.stream_id = {id} AND m.revision > @lo AND m.revision <= @hi AND m.position <= @head ORDER BY m.revision {order} LIMIT @n"),
                        long.MaxValue,
                        head,
                        KeyIsPosition: false)
                    : null;
            case ReadSource.Join join:
                var names = await StreamIdsAsync(connection, [.. join.Selector.Streams().Select(name => name.Value)], cancellationToken);
                return PositionsPlan(SelectorSql.Candidates(join.Selector, name => names.TryGetValue(name, out var found) ? found : null, order == "ASC"), head, order);
            case ReadSource.Category category:
                // Each member stream is an index range scan capped at a page (LATERAL), like a union's branches.
                var members = await CategoryIdsAsync(connection, category.Name, cancellationToken);
                return members.Count == 0
                    ? null
                    : PositionsPlan(
                        $"SELECT m.position, true AS hit FROM unnest(@ids) s(id) CROSS JOIN LATERAL (SELECT position FROM memberships WHERE stream_id = s.id AND position > @lo AND position <= @hi ORDER BY position {order} LIMIT @n) m",
                        head,
                        order) with { Ids = [.. members] };
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown read source.");
        }
    }

    /// <summary>A page of candidates (<see cref="SelectorSql"/>) with the documents of those selected (null for the others).</summary>
    private static ReadPlan PositionsPlan(string candidates, long head, string order) =>
        new(
            $"SELECT p.position, e.document FROM ({SelectorSql.Page(candidates, order)}) p LEFT JOIN events e ON e.position = p.position AND p.hit ORDER BY p.position {order}",
            head,
            head);

    public static async Task<Dictionary<string, long>> StreamIdsAsync(NpgsqlConnection connection, string[] names, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name, id FROM streams WHERE name = ANY(@names)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", names));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }

        return ids;
    }

    /// <summary>True when a stream is named <c>{category}-…</c> or <c>{category}/…</c>.</summary>
    public static async Task<bool> CategoryExistsAsync(NpgsqlConnection connection, string category, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM streams WHERE (name > @dash AND name < @dashEnd) OR (name > @slash AND name < @slashEnd))", connection);
        AddCategoryRanges(command, category);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>The streams named <c>{category}-…</c> or <c>{category}/…</c>: two ranges of the (C-collated) name index.</summary>
    public static async Task<List<long>> CategoryIdsAsync(NpgsqlConnection connection, string category, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using var command = new NpgsqlCommand(
            "SELECT id FROM streams WHERE (name > @dash AND name < @dashEnd) OR (name > @slash AND name < @slashEnd) ORDER BY id", connection);
        AddCategoryRanges(command, category);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Two ranges of the (C-collated) name index: <c>{category}-…</c> and <c>{category}/…</c>.</summary>
    private static void AddCategoryRanges(NpgsqlCommand command, string category)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("dash", category + "-"));
        command.Parameters.Add(new NpgsqlParameter<string>("dashEnd", category + "."));
        command.Parameters.Add(new NpgsqlParameter<string>("slash", category + "/"));
        command.Parameters.Add(new NpgsqlParameter<string>("slashEnd", category + "0"));
    }
}
