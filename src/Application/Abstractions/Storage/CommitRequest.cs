using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>
/// One atomic commit. <paramref name="Events"/> are the compact UTF-8 JSON objects to store as payloads;
/// <paramref name="Metadata"/> holds the client metadata members, compact and without the enclosing braces
/// (<c>"requestId":"r1","user":"u"</c>), or is empty. A <paramref name="Condition"/> replaces the expected version.
/// </summary>
public sealed record CommitRequest(
    StreamName Stream,
    IReadOnlyList<ReadOnlyMemory<byte>> Events,
    ReadOnlyMemory<byte> Metadata,
    ExpectedVersion ExpectedVersion,
    CommitCondition? Condition,
    IdempotencyToken? Idempotency);
