using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.GetStreamVersion;

/// <summary>The number of events of a stream; <c>_all</c> gives the length of the log.</summary>
public sealed record GetStreamVersionQuery(StreamName Stream) : IQuery<GetStreamVersionResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("the version of a stream");
}
