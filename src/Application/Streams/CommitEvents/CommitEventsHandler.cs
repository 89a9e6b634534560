using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CommitEvents;

public sealed class CommitEventsHandler(IEventStore store)
    : ICommandHandler<CommitEventsCommand, CommitEventsResult>
{
    public async ValueTask<CommitEventsResult> Handle(CommitEventsCommand command, CancellationToken cancellationToken)
    {
        var stream = command.Stream;
        var condition = command.Condition;
        var members = CommitMetadata.Members(command.Metadata);
        var request = new CommitRequest(
            stream,
            command.Events,
            members,
            condition is null ? command.ExpectedVersion : ExpectedVersion.Any,
            condition,
            command.Idempotency);

        var outcome = await store.CommitAsync(request, cancellationToken);
        return outcome.Status switch
        {
            CommitStatus.Committed or CommitStatus.Duplicate => new CommitEventsResult(
                outcome.CommitId,
                outcome.CommittedAt,
                stream,
                outcome.StreamVersion,
                command.Events,
                members,
                outcome.Status == CommitStatus.Duplicate),
            CommitStatus.WrongExpectedVersion => throw new WrongExpectedVersionException(stream.Value, request.ExpectedVersion.Value, outcome.ActualVersion),
            CommitStatus.ConditionFailed => throw new ConditionFailedException(condition!.NoneMatchAfter, outcome.ConflictingPosition),
            CommitStatus.StreamClosed => throw new StreamClosedException(stream.Value),
            CommitStatus.IdempotencyKeyReused => throw new IdempotencyKeyReusedException(command.Idempotency!.Key),
            CommitStatus.InvalidDerivedStream => throw new InvalidRequestException(outcome.Error!, "events"),
            CommitStatus.InvalidStreamName => throw new InvalidRequestException(outcome.Error!, "stream"),
            CommitStatus.ReadOnlyStream => throw new StreamReadOnlyException(
                stream.Value, outcome.Kind, StreamNamespace.RefuseCommitTarget(stream.Value, outcome.Kind)!),
            CommitStatus.ConditionAfterHead => throw new InvalidRequestException(
                $"condition.noneMatchAfter is {condition!.NoneMatchAfter}, past the head of the log ({outcome.Head}): a condition comes from a read of this store (GET /query), so it never lies beyond its head.",
                "condition.noneMatchAfter"),
            CommitStatus.TooLarge => throw new RequestTooLargeException(outcome.Error!),
            _ => throw new InvalidOperationException($"Unknown commit status {outcome.Status}."),
        };
    }
}
