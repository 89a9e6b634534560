using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Streams.ReadCategory;

public sealed class ReadCategoryHandler(IEventStore store, EventReads reads) : IQueryHandler<ReadCategoryQuery, ReadCategoryResult>
{
    public async ValueTask<ReadCategoryResult> Handle(ReadCategoryQuery query, CancellationToken cancellationToken)
    {
        var filter = reads.CompileFilter(query.Filter);
        var source = new ReadSource.Category(query.Category);
        var version = await store.GetVersionAsync(source, cancellationToken) ?? throw new CategoryNotFoundException(query.Category);
        return new ReadCategoryResult(query.Category, version.Version, reads.CreateFeed(source, query.Window, version, filter));
    }
}
