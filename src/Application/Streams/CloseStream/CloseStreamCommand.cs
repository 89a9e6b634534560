using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CloseStream;

/// <summary>Seal a stream (a valid name, not <c>_all</c>): it stays readable, commits to it are refused.</summary>
public sealed record CloseStreamCommand(StreamName Stream) : ICommand<CloseStreamResult>, IRequireAccess, IAudited
{
    public AccessRequirement Access => AccessRequirement.Admin("closing a stream");

    public string AuditSubject => Stream.Value;
}
