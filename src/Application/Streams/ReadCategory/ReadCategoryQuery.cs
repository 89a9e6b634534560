using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadCategory;

/// <summary>Read every stream <c>{category}-…</c> and <c>{category}/…</c> (nested categories too) in global order.</summary>
public sealed record ReadCategoryQuery(StreamName Category, ReadWindow Window, Matcher? Filter, FollowRequest? Follow = null) : IQuery<ReadCategoryResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("a read of a category");
}
