using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadStream;

/// <summary>Read one stream (or <c>_all</c>) within a window, optionally filtered by a JSON matcher.</summary>
public sealed record ReadStreamQuery(string Stream, ReadWindow Window, string? Filter) : IQuery<ReadStreamResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("a read of a stream");
}
