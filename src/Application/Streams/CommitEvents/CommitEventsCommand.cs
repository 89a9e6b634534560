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
    public AccessRequirement Access => AccessRequirement.Write(Stream.Value, withCondition: Condition is not null);

    public string AuditSubject => Stream.Value;
}
