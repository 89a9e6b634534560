using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Streams.GetStreamVersion;

public sealed class GetStreamVersionHandler(IEventStore store, AccessGuard access) : IQueryHandler<GetStreamVersionQuery, GetStreamVersionResult>
{
    public async ValueTask<GetStreamVersionResult> Handle(GetStreamVersionQuery query, CancellationToken cancellationToken)
    {
        var name = query.Stream;
        await access.DemandReadAsync(name, cancellationToken);
        var version = await store.GetVersionAsync(new ReadSource.Stream(name), cancellationToken)
            ?? throw new StreamNotFoundException(name.Value);
        return new GetStreamVersionResult(name, version.Version);
    }
}
