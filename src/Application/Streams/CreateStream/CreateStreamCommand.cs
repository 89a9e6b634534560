using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Streams.CreateStream;

/// <summary>
/// Create a persistent derived stream from a matcher: <paramref name="Body"/> is the JSON request body, the matcher
/// itself or <c>{"matcher": …}</c> (an object or its JSON string).
/// </summary>
public sealed record CreateStreamCommand(string Stream, ReadOnlyMemory<byte> Body) : ICommand<CreateStreamResult>, IRequireAccess, IAudited
{
    public AccessRequirement Access => AccessRequirement.Admin("creating a matcher stream");

    public string AuditSubject => Stream;
}
