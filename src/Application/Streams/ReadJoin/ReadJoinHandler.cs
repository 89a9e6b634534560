using System.Text;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Selectors;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadJoin;

public sealed class ReadJoinHandler(IEventStore store, ISelectorParser selectors, EventReads reads, AccessGuard access) : IQueryHandler<ReadJoinQuery, ReadJoinResult>
{
    public async ValueTask<ReadJoinResult> Handle(ReadJoinQuery query, CancellationToken cancellationToken)
    {
        var selector = SelectorFor(query, selectors);
        await access.DemandReadAllAsync(selector.Streams(), cancellationToken);
        var filter = reads.CompileFilter(query.Filter);
        var source = new ReadSource.Join(selector);
        var version = await store.GetVersionAsync(source, cancellationToken) ?? default;
        return new ReadJoinResult(selector, version.Version, reads.CreateFeed(source, query.Window, version, filter));
    }

    /// <summary>The normalized selector of <c>?selector=</c> or <c>?streams=</c>; a 400 naming the problem otherwise.</summary>
    internal static Selector SelectorFor(ReadJoinQuery query, ISelectorParser selectors)
    {
        if (!string.IsNullOrEmpty(query.Selector))
        {
            var parsed = selectors.ParseSelector(Encoding.UTF8.GetBytes(query.Selector), "selector");
            return parsed.Succeeded ? parsed.Value!.Normalize() : throw new InvalidRequestException(parsed.Error!, "selector");
        }

        var names = StreamList.Parse(query.Streams, "streams");
        return names.Count > 0
            ? Selector.Or(names.Select(Selector.Stream)).Normalize()
            : throw new InvalidRequestException("streams or selector query parameter is required.", "streams");
    }
}
