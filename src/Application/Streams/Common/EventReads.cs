using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Application.Streams.Common;

/// <summary>What every read use case shares: compiling <c>?filter=</c> and creating long-poll aware feeds.</summary>
public sealed class EventReads(
    IEventStore store,
    IMatcherParser matchers,
    IEventFilterFactory filters,
    IOptions<EventStoreOptions> options,
    TimeProvider timeProvider,
    LongPolls longPolls,
    ICallerContext callers)
{
    private readonly TimeSpan _pollTimeout = TimeSpan.FromMilliseconds(options.Value.StreamPollTimeoutMs);

    /// <summary>Null for no filter (absent or empty text); throws a 400 for a bad one.</summary>
    public IEventFilter? CompileFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return null;
        }

        var parsed = matchers.Parse(filter, "filter");
        if (!parsed.Succeeded)
        {
            throw new InvalidRequestException(parsed.Error!, "filter");
        }

        return parsed.Value!.MatchesEverything ? null : filters.Create(parsed.Value);
    }

    /// <summary>A feed over <paramref name="window"/> resolved against <paramref name="version"/>.</summary>
    public EventFeed CreateFeed(ReadSource source, ReadWindow window, SourceVersion version, IEventFilter? filter) =>
        new(store, source, window.Resolve(version.Version), filter, version, _pollTimeout, timeProvider, longPolls, callers.Current);
}
