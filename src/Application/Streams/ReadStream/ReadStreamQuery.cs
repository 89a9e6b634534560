using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadStream;

/// <summary>Read one stream (or <c>_all</c>) within a window, optionally filtered by a matcher (null: every event).</summary>
public sealed record ReadStreamQuery(StreamName Stream, ReadWindow Window, Matcher? Filter, FollowRequest? Follow = null) : IQuery<ReadStreamResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("a read of a stream");
}
