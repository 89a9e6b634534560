using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.CommitEvents;

/// <summary>
/// The commit as the protocol reports it: <paramref name="CommitId"/> = log length before the commit,
/// <paramref name="StreamVersion"/> = stream version before it, the client's metadata members and the event
/// payloads. <paramref name="Replayed"/> is true when an idempotent retry returned the first commit's result.
/// </summary>
public sealed record CommitEventsResult(
    long CommitId,
    long CommittedAt,
    StreamName Stream,
    long StreamVersion,
    IReadOnlyList<ReadOnlyMemory<byte>> Events,
    ReadOnlyMemory<byte> MetadataMembers,
    bool Replayed);
