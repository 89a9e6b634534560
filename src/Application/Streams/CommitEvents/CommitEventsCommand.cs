using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CommitEvents;

/// <summary>
/// Append <paramref name="Events"/> (compact UTF-8 JSON, one per event) to <paramref name="Stream"/> as one commit.
/// <paramref name="Metadata"/> is the compact JSON of the request's <c>metadata</c> value (empty when absent);
/// <paramref name="Condition"/> the JSON of its <c>condition</c> value (empty when absent; a DCB condition object
/// or its JSON string), which replaces <paramref name="ExpectedVersion"/>.
/// </summary>
public sealed record CommitEventsCommand(
    string Stream,
    IReadOnlyList<ReadOnlyMemory<byte>> Events,
    ReadOnlyMemory<byte> Metadata,
    ExpectedVersion ExpectedVersion,
    ReadOnlyMemory<byte> Condition,
    IdempotencyToken? Idempotency) : ICommand<CommitEventsResult>, IRequireAccess, IAudited
{
    public AccessRequirement Access => AccessRequirement.Write(Stream, withCondition: !Condition.IsEmpty);

    public string AuditSubject => Stream;
}
