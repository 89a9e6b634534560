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
        await access.DemandCategoryAsync(query.Category, cancellationToken);
        var filter = reads.CompileFilter(query.Filter);
        var source = new ReadSource.Category(query.Category);
        var version = await store.GetVersionAsync(source, cancellationToken) ?? throw new CategoryNotFoundException(query.Category);
        return new ReadCategoryResult(query.Category, version.Version, reads.CreateFeed(source, query.Window, version, filter));
    }
}
