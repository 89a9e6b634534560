using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadStream;

public sealed class ReadStreamHandler(IEventStore store, EventReads reads, AccessGuard access) : IQueryHandler<ReadStreamQuery, ReadStreamResult>
{
    public async ValueTask<ReadStreamResult> Handle(ReadStreamQuery query, CancellationToken cancellationToken)
    {
        var name = query.Stream;
        var source = new ReadSource.Stream(name);
        await access.DemandReadAsync(name, cancellationToken);
        var filter = reads.CompileFilter(query.Filter);
        var version = await store.GetVersionAsync(source, cancellationToken) ?? throw new StreamNotFoundException(name.Value);
        var follow = query.Follow is { } mode ? reads.CreateFollow(source, query.Window.From, version, filter, mode) : null;
        return new ReadStreamResult(name, version.Version, reads.CreateFeed(source, query.Window, version, filter), follow);
    }
}
