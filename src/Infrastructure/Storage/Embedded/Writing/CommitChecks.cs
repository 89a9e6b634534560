using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Common;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Reading;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// Everything a commit must pass before it is staged, checked against the committed state plus the earlier
/// operations of the same group, so that two racing commits cannot both pass what only one of them may (the same
/// expected version, a DCB condition, a name that one would make a write stream and the other a type stream).
/// In order: the idempotency key (a retry gets the first result, whatever happened since), the commit's stream (it
/// must be a write stream, and open), the events' types and tags (<see cref="StreamNamespace"/>), then the DCB
/// condition or the expected version. The decisions are <see cref="CommitRules"/>' (shared with the other providers);
/// this type reads the values they need from the engine's state and the group. Writer thread only.
/// </summary>
internal sealed class CommitChecks(
    EngineState state,
    GroupState group,
    GroupBuffer buffer,
    IdempotencyTable idempotency,
    RecordLoader loader,
    IEventFilterFactory filters)
{
    private readonly Dictionary<string, IdempotencyEntry> _pendingKeys = new(StringComparer.Ordinal);

    /// <summary>Forgets the keys of the previous group (its keys are in the table once it was applied).</summary>
    public void Reset() => _pendingKeys.Clear();

    /// <summary>Remembers a key staged in this group, so that a retry in the same group is a duplicate.</summary>
    public void Remember(IdempotencyEntry entry) => _pendingKeys[entry.Key] = entry;

    /// <summary>Null when the commit may be staged; else the outcome that refuses it.</summary>
    public CommitOutcome? Check(CommitOperation operation, StreamState? stream)
    {
        var request = operation.Request;
        var name = request.Stream.Value;
        if (request.Idempotency is { } token
            && (_pendingKeys.TryGetValue(token.Key, out var seen) || idempotency.TryGet(token.Key, out seen)))
        {
            return CommitRules.Retry(token, name, seen.RequestHash, seen.Stream, seen.CommitId, seen.CommittedAt, seen.StreamVersion);
        }

        if (CommitRules.TargetStream(stream?.Kind, group.IsClosed(stream)) is { } refused)
        {
            return refused;
        }

        if (RefuseDerivedNames(operation) is { } invalid)
        {
            return CommitOutcome.InvalidDerived(invalid);
        }

        if (request.Condition is { } condition)
        {
            var head = state.Head;
            return CommitRules.ConditionPastHead(condition.NoneMatchAfter, head)
                ?? CommitRules.Conflict(FindConflict(condition, head));
        }

        return CommitRules.Version(request.ExpectedVersion, GroupState.VersionOf(stream));
    }

    /// <summary>
    /// The first type or tag of the commit that names an existing stream of another kind (or, for a type, the commit's
    /// own stream), as the message of the refusal; null when every one may be filed. Consecutive events usually share
    /// their type (the extractor hands out one string per type), so each name is looked up once per run.
    /// </summary>
    private string? RefuseDerivedNames(CommitOperation operation)
    {
        var target = operation.Request.Stream.Value;
        var perEvent = operation.DerivedNames;
        string? lastAccepted = null;
        for (var i = 0; i < perEvent.Length; i++)
        {
            if (perEvent[i] is not { } names)
            {
                continue;
            }

            for (var n = 0; n < names.Count; n++)
            {
                var name = names[n];
                if (ReferenceEquals(name, lastAccepted))
                {
                    continue;
                }

                var refusal = CommitRules.DerivedName(i, name, group.Find(name)?.Kind, target);
                if (refusal is not null)
                {
                    return refusal;
                }

                lastAccepted = name;
            }
        }

        return null;
    }

    /// <summary>The global position of the first event after <c>noneMatchAfter</c> that the condition matches, or 0.</summary>
    private long FindConflict(CommitCondition condition, long head)
    {
        var filter = condition.Matcher is null || condition.Matcher.MatchesEverything ? null : filters.Create(condition.Matcher);
        var low = condition.NoneMatchAfter + 1;
        if (head >= low)
        {
            var cursor = PositionSet.From(condition.Selector, group, head).Open(low, head, ascending: true);
            while (cursor.TryNext(out var position))
            {
                if (filter is null || filter.Matches(loader.Body(position)))
                {
                    return position;
                }
            }
        }

        foreach (var staged in group.Events)
        {
            if (staged.Position >= low
                && SelectorMembership.Selects(condition.Selector, new GroupMembership(group, staged))
                && (filter is null || filter.Matches(buffer.Array.AsSpan(staged.BodyOffset, staged.BodyLength))))
            {
                return staged.Position;
            }
        }

        return 0;
    }
}
