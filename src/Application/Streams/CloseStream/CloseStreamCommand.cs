using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CloseStream;

/// <summary>Seal a stream (a valid name, not <c>_all</c>): it stays readable, commits to it are refused.</summary>
public sealed record CloseStreamCommand(StreamName Stream) : ICommand<CloseStreamResult>, IRequireAccess, IAudited
{
    /// <summary>What every close needs, known before the request's values are built.</summary>
    public static AccessRequirement Requirement { get; } = AccessRequirement.Admin("closing a stream");

    public AccessRequirement Access => Requirement;

    public string AuditSubject => Stream.Value;
}
