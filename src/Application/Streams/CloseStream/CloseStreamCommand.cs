using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Streams.CloseStream;

/// <summary>Seal a stream: it stays readable, commits to it are refused.</summary>
public sealed record CloseStreamCommand(string Stream) : ICommand<CloseStreamResult>, IRequireAccess, IAudited
{
    public AccessRequirement Access => AccessRequirement.Admin("closing a stream");

    public string AuditSubject => Stream;
}
