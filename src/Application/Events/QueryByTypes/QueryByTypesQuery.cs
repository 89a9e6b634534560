using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Events.QueryByTypes;

/// <summary>
/// The DCB read: events of a selector from a global position, with the commit condition that protects a decision
/// taken on them. The selector comes from, in order: a DCB query in <paramref name="Body"/> (<c>{"items":…}</c> or
/// <c>{"query":{"items":…}}</c>), <paramref name="Query"/> (<c>?query=</c>), <paramref name="Selector"/>
/// (<c>?selector=</c>), <paramref name="Types"/> (<c>?types=</c>). The filter comes from the body (<c>matcher</c>, or
/// the whole body when it is not a DCB query) or else <paramref name="Filter"/>.
/// </summary>
public sealed record QueryByTypesQuery(
    IReadOnlyList<string> Types,
    string? Selector,
    string? Query,
    ReadOnlyMemory<byte> Body,
    string? Filter,
    RevisionBound? From) : IQuery<QueryByTypesResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.Query("a DCB query, which reads every stream");
}
