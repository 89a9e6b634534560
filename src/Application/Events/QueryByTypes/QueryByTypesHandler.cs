using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Events.QueryByTypes;

public sealed class QueryByTypesHandler(IEventStore store, IEventFilterFactory filters, TimeProvider timeProvider, LongPolls longPolls, ICallerContext callers, EventReads reads)
    : IQueryHandler<QueryByTypesQuery, QueryByTypesResult>
{
    public async ValueTask<QueryByTypesResult> Handle(QueryByTypesQuery query, CancellationToken cancellationToken)
    {
        var selector = query.Selector;
        var matcher = query.Matcher;
        var head = await store.GetHeadAsync(cancellationToken);
        var from = query.From?.Resolve(head) ?? 1;
        var window = from > head ? ResolvedWindow.Empty : new ResolvedWindow(from, head);
        var source = new ReadSource.Join(selector);
        var filter = matcher is null || matcher.MatchesEverything ? null : filters.Create(matcher);
        var version = new SourceVersion(head, Closed: false);
        var feed = new EventFeed(store, source, window, filter, version, TimeSpan.Zero, timeProvider, longPolls, callers.Current);
        var follow = query.Follow is { } mode ? reads.CreateFollow(source, query.From, version, filter, mode) : null;
        return new QueryByTypesResult(new CommitCondition(selector, matcher, head), feed, follow);
    }
}
