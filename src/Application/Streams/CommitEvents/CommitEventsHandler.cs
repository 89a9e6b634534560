using System.Diagnostics;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CommitEvents;

/// <summary>
/// Commits through the engine and answers with the result or the domain exception of a refusal. Records
/// <c>ces.commits</c>, <c>ces.commit.duration</c>, <c>ces.events.committed</c> and <c>ces.commit.conflicts</c>, in a
/// <c>ces.commit</c> span when someone listens.
/// </summary>
public sealed class CommitEventsHandler(IEventStore store, EventStoreTelemetry telemetry)
    : ICommandHandler<CommitEventsCommand, CommitEventsResult>
{
    public async ValueTask<CommitEventsResult> Handle(CommitEventsCommand command, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = telemetry.ActivitySource.StartActivity("ces.commit", ActivityKind.Internal);
        CommitOutcome outcome;
        try
        {
            outcome = await CommitAsync(command, cancellationToken);
        }
        catch
        {
            telemetry.CommitCompleted(CommitResultKind.Error, 0, started);
            activity?.SetStatus(ActivityStatusCode.Error);
            throw;
        }

        var result = outcome.Status switch
        {
            CommitStatus.Committed => CommitResultKind.Ok,
            CommitStatus.Duplicate => CommitResultKind.Duplicate,
            CommitStatus.WrongExpectedVersion or CommitStatus.ConditionFailed => CommitResultKind.Conflict,
            _ => CommitResultKind.Rejected,
        };
        telemetry.CommitCompleted(result, command.Events.Count, started);
        if (result == CommitResultKind.Conflict)
        {
            telemetry.Conflict(condition: outcome.Status == CommitStatus.ConditionFailed);
        }

        if (activity is not null)
        {
            activity.SetTag("ces.stream", command.Stream.Value);
            activity.SetTag("ces.commit.result", outcome.Status.ToString());
            activity.SetTag("ces.commit.events", command.Events.Count);
            if (result is CommitResultKind.Conflict or CommitResultKind.Rejected)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome.Status.ToString());
            }
        }

        return ToResult(command, outcome);
    }

    private ValueTask<CommitOutcome> CommitAsync(CommitEventsCommand command, CancellationToken cancellationToken)
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

        return store.CommitAsync(request, cancellationToken);
    }

    private static CommitEventsResult ToResult(CommitEventsCommand command, CommitOutcome outcome)
    {
        var stream = command.Stream;
        var condition = command.Condition;
        var members = CommitMetadata.Members(command.Metadata);
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
            CommitStatus.WrongExpectedVersion => throw new WrongExpectedVersionException(stream.Value, (condition is null ? command.ExpectedVersion : ExpectedVersion.Any).Value, outcome.ActualVersion),
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
