using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CreateStream;

/// <summary>
/// Create the persistent derived stream <paramref name="Stream"/> (a write-stream name) holding every event that
/// <paramref name="Matcher"/> (never the empty matcher) matches.
/// </summary>
public sealed record CreateStreamCommand(StreamName Stream, Matcher Matcher) : ICommand<CreateStreamResult>, IRequireAccess, IAudited
{
    /// <summary>What every stream creation needs, known before the request's values are built.</summary>
    public static AccessRequirement Requirement { get; } = AccessRequirement.Admin("creating a matcher stream");

    public AccessRequirement Access => Requirement;

    public string AuditSubject => Stream.Value;
}
