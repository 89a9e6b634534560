using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Streams.ReadJoin;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Maps <c>GET /streams/join/…</c> to a <see cref="ReadJoinQuery"/>: the selector of <c>?selector=</c> (JSON, wins) or
/// of <c>?streams=</c> (every value, each comma-separated), then the <c>?filter=</c>.
/// </summary>
public static class JoinRequestReader
{
    public static ReadJoinQuery Read(IReadOnlyList<string?> streams, string? selector, ReadWindow window, string? filter, ISelectorParser selectors, IMatcherParser matchers)
    {
        var parsed = !string.IsNullOrEmpty(selector)
            ? SelectorReader.Read(selector, selectors)
            : StreamList.ParseSelector(streams, "streams")
                ?? throw new InvalidRequestException("streams or selector query parameter is required.", "streams");
        return new ReadJoinQuery(parsed, window, FilterReader.Read(filter, matchers));
    }
}
