using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CommitEvents;

/// <summary>
/// Append <paramref name="Events"/> (compact UTF-8 JSON, one per event) to the write stream <paramref name="Stream"/>
/// as one commit. <paramref name="Metadata"/> is the compact JSON of the request's <c>metadata</c> value (empty when
/// absent); <paramref name="Condition"/> the request's DCB condition (null when absent), which replaces
/// <paramref name="ExpectedVersion"/>. The edge builds the stream name and the condition; the validator checks the
/// shapes of events, metadata and idempotency key.
/// </summary>
public sealed record CommitEventsCommand(
    StreamName Stream,
    IReadOnlyList<ReadOnlyMemory<byte>> Events,
    ReadOnlyMemory<byte> Metadata,
    ExpectedVersion ExpectedVersion,
    CommitCondition? Condition,
    IdempotencyToken? Idempotency) : ICommand<CommitEventsResult>, IRequireAccess, IAudited
{
    public AccessRequirement Access => AccessFor(Stream.Value, withCondition: Condition is not null);

    /// <summary>What a commit to <paramref name="stream"/> needs, known before the request's values are built.</summary>
    public static AccessRequirement AccessFor(string stream, bool withCondition) => AccessRequirement.Write(stream, withCondition);

    public string AuditSubject => Stream.Value;
}
