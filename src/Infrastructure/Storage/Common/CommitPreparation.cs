using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>
/// What every provider checks and derives before it queues a commit for its writer: the target is a name a client may
/// write to, and each event's type and tags name no other kind of stream (the streams they file the event in are
/// derived here, once, off the writer); plus an upper bound of the bytes the commit's documents take.
/// </summary>
internal static class CommitPreparation
{
    /// <summary>
    /// The refusal, or <c>null</c> with the operation to queue: each event's derived stream names and the commit's size
    /// bound (each document plus <paramref name="perEventOverhead"/>, the provider's own framing, plus its idempotency
    /// key's record), which must not exceed <paramref name="maxCommitBytes"/>. Both providers refuse with the same
    /// statuses and messages.
    /// </summary>
    public static CommitOutcome? Prepare(
        CommitRequest request, EventTagExtractor tags, int perEventOverhead, long maxCommitBytes, out CommitOperation? operation)
    {
        operation = null;
        if (Derive(request, tags, perEventOverhead, out var derived, out var size) is { } refused)
        {
            return refused;
        }

        if (RefuseOversized(request, ref size, maxCommitBytes) is { } oversized)
        {
            return oversized;
        }

        operation = new CommitOperation(request, derived, (int)Math.Min(size, int.MaxValue));
        return null;
    }

    private static CommitOutcome? Derive(
        CommitRequest request, EventTagExtractor tags, int perEventOverhead, out IReadOnlyList<string>?[] derived, out long size)
    {
        ArgumentNullException.ThrowIfNull(request);
        derived = [];
        size = 0;
        if (StreamNamespace.RefuseWriteStreamName(request.Stream.Value, "stream") is { } invalid)
        {
            return CommitOutcome.InvalidStream(invalid);
        }

        var events = request.Events;
        derived = new IReadOnlyList<string>?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            if (tags.IsEnabled)
            {
                derived[i] = tags.Extract(events[i].Span, enforceNamespace: true, out var error);
                if (error is not null)
                {
                    return CommitOutcome.InvalidDerived($"events[{i}]: {error}");
                }
            }

            size += perEventOverhead + EventDocument.MaxSize(request.Stream.Value.Length, events[i].Length, request.Metadata.Length);
        }

        return null;
    }

    /// <summary>
    /// The refusal of a commit whose documents take <paramref name="size"/> bytes, plus its idempotency key's record,
    /// when that is more than <paramref name="limit"/>; else null.
    /// </summary>
    private static CommitOutcome? RefuseOversized(CommitRequest request, ref long size, long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Idempotency is { } token)
        {
            size += 512 + token.Key.Length + request.Stream.Value.Length;
        }

        return size > limit
            ? CommitOutcome.Oversized($"The commit takes {size} bytes in the log, more than one commit may take ({limit}). Split it into several commits.")
            : null;
    }
}
