using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Streams.ListStreams;

/// <summary>Every visible stream (names starting with <c>_</c> are hidden), in creation order.</summary>
public sealed record ListStreamsQuery : IQuery<ListStreamsResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.Query("the list of every stream");
}
