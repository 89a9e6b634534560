using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadCategory;

public sealed class ReadCategoryHandler(IEventStore store, EventReads reads, AccessGuard access) : IQueryHandler<ReadCategoryQuery, ReadCategoryResult>
{
    public async ValueTask<ReadCategoryResult> Handle(ReadCategoryQuery query, CancellationToken cancellationToken)
    {
        var category = query.Category.Value;
        await access.DemandCategoryAsync(category, cancellationToken);
        var filter = reads.CompileFilter(query.Filter);
        var source = new ReadSource.Category(category);
        var version = await store.GetVersionAsync(source, cancellationToken) ?? throw new CategoryNotFoundException(category);
        var follow = query.Follow is { } mode ? reads.CreateFollow(source, query.Window.From, version, filter, mode) : null;
        return new ReadCategoryResult(category, version.Version, reads.CreateFeed(source, query.Window, version, filter), follow);
    }
}
