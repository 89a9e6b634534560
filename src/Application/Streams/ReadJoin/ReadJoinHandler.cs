using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadJoin;

public sealed class ReadJoinHandler(IEventStore store, EventReads reads, AccessGuard access) : IQueryHandler<ReadJoinQuery, ReadJoinResult>
{
    public async ValueTask<ReadJoinResult> Handle(ReadJoinQuery query, CancellationToken cancellationToken)
    {
        var selector = query.Selector;
        await access.DemandReadAllAsync(selector.Streams(), cancellationToken);
        var filter = reads.CompileFilter(query.Filter);
        var source = new ReadSource.Join(selector);
        var version = await store.GetVersionAsync(source, cancellationToken) ?? default;
        var follow = query.Follow is { } mode ? reads.CreateFollow(source, query.Window.From, version, filter, mode) : null;
        return new ReadJoinResult(selector, version.Version, reads.CreateFeed(source, query.Window, version, filter), follow);
    }
}
