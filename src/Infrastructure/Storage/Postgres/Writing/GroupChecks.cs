using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Postgres.Reading;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// The checks of one commit, in the file engine's order (idempotency key, the commit's stream, the events' types and
/// tags, then the DCB condition or the expected version), against the database as it is under the write lock plus the
/// earlier commits of the same group (<see cref="GroupContext"/>).
/// </summary>
internal sealed class GroupChecks(IEventFilterFactory filters)
{
    private const int ConflictPage = 256;

    /// <summary>Null when the commit may be staged; else the outcome that refuses it.</summary>
    public async ValueTask<CommitOutcome?> CheckAsync(
        NpgsqlConnection connection, GroupContext context, CommitOperation operation, StreamRow? stream, CancellationToken cancellationToken)
    {
        var request = operation.Request;
        if (request.Idempotency is { } token && context.Keys.TryGetValue(token.Key, out var seen))
        {
            return seen.RequestHash == token.RequestHash && string.Equals(seen.Stream, request.Stream.Value, StringComparison.Ordinal)
                ? CommitOutcome.Duplicate(seen.CommitId, seen.CommittedAt, seen.StreamVersion)
                : CommitOutcome.KeyReused;
        }

        if (stream is { Kind: not StreamKind.Write })
        {
            return CommitOutcome.ReadOnly(stream.Kind);
        }

        if (stream is { Closed: true })
        {
            return CommitOutcome.Closed;
        }

        if (RefuseDerivedNames(context, operation) is { } invalid)
        {
            return CommitOutcome.InvalidDerived(invalid);
        }

        if (request.Condition is { } condition)
        {
            if (condition.NoneMatchAfter > context.Head)
            {
                return CommitOutcome.ConditionPastHead(context.Head);
            }

            var conflict = await FindConflictAsync(connection, context, condition, cancellationToken);
            return conflict > 0 ? CommitOutcome.ConditionConflict(conflict) : null;
        }

        var version = stream?.Version ?? 0;
        return request.ExpectedVersion.IsSatisfiedBy(version) ? null : CommitOutcome.WrongVersion(version);
    }

    private static string? RefuseDerivedNames(GroupContext context, CommitOperation operation)
    {
        var target = operation.Request.Stream.Value;
        var perEvent = operation.DerivedNames;
        for (var i = 0; i < perEvent.Length; i++)
        {
            if (perEvent[i] is not { } names)
            {
                continue;
            }

            foreach (var name in names)
            {
                var kind = context.Find(name)?.Kind;
                var refusal = StreamNamespace.IsTagStream(name)
                    ? StreamNamespace.RefuseTag(i, name, kind)
                    : StreamNamespace.RefuseEventType(i, name, kind, string.Equals(name, target, StringComparison.Ordinal));
                if (refusal is not null)
                {
                    return refusal;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The position of the first event after <c>noneMatchAfter</c> that the condition selects and matches: first in the
    /// database (positions up to the head the lock returned), then among the events staged by this group; 0 when none.
    /// </summary>
    private async ValueTask<long> FindConflictAsync(NpgsqlConnection connection, GroupContext context, CommitCondition condition, CancellationToken cancellationToken)
    {
        var filter = condition.Matcher is null || condition.Matcher.MatchesEverything ? null : filters.Create(condition.Matcher);
        var low = condition.NoneMatchAfter;
        if (context.Head > low)
        {
            // Streams created in this group are looked up too: a new matcher stream's backfill is already written in this
            // transaction; a new type or tag stream has no rows up to the head (the query finds none).
            var candidates = SelectorSql.Candidates(condition.Selector, name => context.Find(name)?.Id);
            var found = await FirstMatchAsync(connection, candidates, filter, low, context.Head, cancellationToken);
            if (found > 0)
            {
                return found;
            }
        }

        foreach (var staged in context.Events)
        {
            if (staged.Position > low
                && SelectorMembership.Selects(condition.Selector, new GroupMembership(context, staged))
                && (filter is null || filter.Matches(context.Buffer.Array.AsSpan(staged.BodyOffset, staged.BodyLength))))
            {
                return staged.Position;
            }
        }

        return 0;
    }

    /// <summary>
    /// The first position in <c>(low, head]</c> that the selector selects and <paramref name="filter"/> (when set)
    /// accepts, page by page of candidates (<see cref="SelectorSql"/>); 0 when none. Documents are read only with a
    /// filter, and only of selected positions.
    /// </summary>
    private static async ValueTask<long> FirstMatchAsync(
        NpgsqlConnection connection, string candidates, IEventFilter? filter, long low, long head, CancellationToken cancellationToken)
    {
        var page = SelectorSql.Page(candidates, "ASC");
        var sql = filter is null
            ? $"SELECT p.position, p.hit, NULL::bytea FROM ({page}) p ORDER BY p.position"
            : $"SELECT p.position, p.hit, e.document FROM ({page}) p LEFT JOIN events e ON e.position = p.position AND p.hit ORDER BY p.position";
        while (true)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter<long>("lo", low));
            command.Parameters.Add(new NpgsqlParameter<long>("hi", head));
            command.Parameters.Add(new NpgsqlParameter<int>("n", ConflictPage));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                low = reader.GetInt64(0);
                if (reader.GetBoolean(1) && (filter is null || filter.Matches(reader.GetFieldValue<byte[]>(2))))
                {
                    return low;
                }
            }

            if (rows < ConflictPage)
            {
                return 0;
            }
        }
    }
}
