using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using Npgsql;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// Checks and stages one operation of a group: builds each event's document with the file engine's
/// <see cref="EventDocument"/> (so both providers return the same bytes) and files it in its streams.
/// </summary>
internal sealed class GroupStager(GroupChecks checks, TimeProvider timeProvider)
{
    private const int BackfillPage = 1024;

    /// <summary>Stages <paramref name="operation"/> and sets its outcome; true when it changed something waiters see.</summary>
    public async ValueTask<bool> StageAsync(NpgsqlConnection connection, GroupContext context, WriteOperation operation, CancellationToken cancellationToken)
    {
        if (operation is CommitOperation commit)
        {
            return await StageCommitAsync(connection, context, commit, cancellationToken);
        }

        var change = (StreamOperation)operation;
        if (change.IsCreate)
        {
            await CreateAsync(connection, context, change, cancellationToken);
            return true;
        }

        return Close(context, change);
    }

    private async ValueTask<bool> StageCommitAsync(NpgsqlConnection connection, GroupContext context, CommitOperation operation, CancellationToken cancellationToken)
    {
        var request = operation.Request;
        var name = request.Stream.Value;
        var stream = context.Find(name);
        if (await checks.CheckAsync(connection, context, operation, stream, cancellationToken) is { } refused)
        {
            operation.Outcome = refused;
            return false;
        }

        var version = stream?.Version ?? 0;
        var committedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var commitId = context.NextPosition - 1;
        if (request.Idempotency is { } token)
        {
            var key = new StagedKey(token.Key, token.RequestHash, name, commitId, committedAt, version);
            context.Keys[key.Key] = key;
            context.NewKeys.Add(key);
        }

        var events = request.Events;
        if (events.Count == 0)
        {
            // Nothing to file: like the file engine, an empty commit does not create its stream.
            operation.Outcome = CommitOutcome.Committed(commitId, committedAt, version);
            return false;
        }

        stream ??= context.Create(request.Stream, StreamKind.Write);
        var metadata = request.Metadata.Span;
        for (var i = 0; i < events.Count; i++)
        {
            var (bodyOffset, bodyLength) = EventDocument.Append(
                context.Buffer, name, events[i].Span, metadata, commitId, committedAt, i, events.Count, version + i);
            context.AddEvent(stream, operation.DerivedNames[i], bodyOffset, bodyLength);
        }

        operation.Outcome = CommitOutcome.Committed(commitId, committedAt, version);
        return true;
    }

    private static bool Close(GroupContext context, StreamOperation operation)
    {
        var existing = context.Find(operation.Stream.Value);
        if (existing is null)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.NotFound);
            return false;
        }

        if (existing.Kind != StreamKind.Write)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.NotWriteStream, existing.Version, existing.Kind);
            return false;
        }

        if (existing.Closed)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.AlreadyClosed, existing.Version);
            return false;
        }

        existing.Closed = true;
        existing.Changed = true;
        operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.Done, existing.Version);
        return true;
    }

    /// <summary>
    /// Creates a matcher stream and fills it with every committed event its matcher accepts (one scan of the log,
    /// once, in pages) and the events this group staged so far. The memberships of committed events are written at
    /// once, inside the group's transaction (invisible to others until it commits), so that a DCB check later in the
    /// same group finds them with the same SQL as any committed membership; those of staged events are staged.
    /// </summary>
    private static async ValueTask CreateAsync(NpgsqlConnection connection, GroupContext context, StreamOperation operation, CancellationToken cancellationToken)
    {
        if (context.Find(operation.Stream.Value) is { } existing)
        {
            operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.AlreadyExists, existing.Version);
            return;
        }

        var stream = context.Create(operation.Stream, StreamKind.Derived, operation.Matcher!.Json);
        var filter = operation.Filter!;
        stream.Filter = filter;
        var backfill = new List<long>();
        var after = 0L;
        while (after < context.Head)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT position, document FROM events WHERE position > @after AND position <= @head ORDER BY position LIMIT {BackfillPage}", connection);
            command.Parameters.Add(new NpgsqlParameter<long>("after", after));
            command.Parameters.Add(new NpgsqlParameter<long>("head", context.Head));
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
            var rows = 0;
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                after = reader.GetInt64(0);
                if (filter.Matches(await reader.GetFieldValueAsync<byte[]>(1, cancellationToken)))
                {
                    backfill.Add(after);
                }
            }

            if (rows < BackfillPage)
            {
                break;
            }
        }

        await GroupFlusher.CopyBackfillAsync(connection, stream, backfill, cancellationToken);
        foreach (var staged in context.Events)
        {
            if (filter.Matches(context.Buffer.Array.AsSpan(staged.BodyOffset, staged.BodyLength)))
            {
                context.AddMembership(stream, staged.Position);
                stream.Backfilled.Add(staged.Position);
            }
        }

        operation.Outcome = new StreamChangeOutcome(StreamChangeStatus.Done, stream.Version);
    }
}
