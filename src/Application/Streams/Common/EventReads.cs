using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Application.Streams.Common;

/// <summary>What every read use case shares: compiling a read's filter and creating long-poll aware feeds.</summary>
public sealed class EventReads(
    IEventStore store,
    IEventFilterFactory filters,
    IOptions<EventStoreOptions> options,
    TimeProvider timeProvider,
    LongPolls longPolls,
    ICallerContext callers)
{
    private readonly TimeSpan _pollTimeout = TimeSpan.FromMilliseconds(options.Value.StreamPollTimeoutMs);

    /// <summary>The compiled filter of <paramref name="filter"/>; null for none or one that matches every event.</summary>
    public IEventFilter? CompileFilter(Matcher? filter) =>
        filter is null || filter.MatchesEverything ? null : filters.Create(filter);

    /// <summary>A feed over <paramref name="window"/> resolved against <paramref name="version"/>.</summary>
    public EventFeed CreateFeed(ReadSource source, ReadWindow window, SourceVersion version, IEventFilter? filter) =>
        new(store, source, window.Resolve(version.Version), filter, version, _pollTimeout, timeProvider, longPolls, callers.Current);
}
