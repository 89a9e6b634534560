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
    private readonly TimeSpan _heartbeat = TimeSpan.FromMilliseconds(options.Value.FollowHeartbeatMs);

    /// <summary>The compiled filter of <paramref name="filter"/>; null for none or one that matches every event.</summary>
    public IEventFilter? CompileFilter(Matcher? filter) =>
        filter is null || filter.MatchesEverything ? null : filters.Create(filter);

    /// <summary>A feed over <paramref name="window"/> resolved against <paramref name="version"/>.</summary>
    public EventFeed CreateFeed(ReadSource source, ReadWindow window, SourceVersion version, IEventFilter? filter) =>
        new(store, source, window.Resolve(version.Version), filter, version, _pollTimeout, timeProvider, longPolls, callers.Current);

    /// <summary>
    /// A follow of <paramref name="source"/> from the window start <paramref name="from"/> (null: the start), resolved
    /// against <paramref name="version"/>, resuming after <see cref="FollowRequest.After"/> when given. A start and a resume
    /// position together: an absolute start (a number, <c>start</c>) still holds, so the later of the two wins; a start
    /// counted from the end (<c>end</c>, <c>-n</c>) named a place that has moved since the follow that gave the resume
    /// position began, so the resume position alone counts (else a reconnect would skip what came in between).
    /// </summary>
    public EventFollow CreateFollow(ReadSource source, RevisionBound? from, SourceVersion version, IEventFilter? filter, FollowRequest follow)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(follow);
        var after = follow.After ?? 0;
        var startRevision = 0L;
        if (from is { } start && !(follow.After is not null && start.CountsFromEnd))
        {
            var first = Math.Max(1, start.Resolve(version.Version));
            if (source.UsesGlobalPositions)
            {
                after = Math.Max(after, first - 1);
            }
            else
            {
                startRevision = first;
            }
        }

        return new EventFollow(store, source, after, startRevision, filter, _heartbeat, timeProvider, longPolls, callers.Current);
    }
}
