using System.Globalization;
using System.Text;
using CleanEventStore.Application.Events.QueryByTypes;
using CleanEventStore.Domain.Dcb;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Responses;

/// <summary>
/// The response of <c>/query</c>: the events as NDJSON, and the header <c>x-event-store-query-condition</c> with the
/// condition to send back as <c>condition</c> with the commit that acts on them.
/// </summary>
public static class QueryResponses
{
    public const string ConditionHeader = "x-event-store-query-condition";

    /// <summary>The events as NDJSON; a follow as NDJSON or, when <paramref name="request"/> accepts <c>text/event-stream</c>, as SSE.</summary>
    public static IActionResult Events(QueryByTypesResult result, HttpRequest? request = null) =>
        StreamResponses.Events(result.Events, result.Follow, request, [new(ConditionHeader, ConditionJson(result.Condition))]);

    /// <summary>The condition as compact, ASCII-only JSON (non-ASCII escaped as <c>\uXXXX</c>), key order selector, noneMatchAfter, matcher.</summary>
    public static string ConditionJson(CommitCondition condition)
    {
        var builder = new StringBuilder(128);
        builder.Append("{\"selector\":").Append(condition.Selector.ToJson());
        builder.Append(",\"noneMatchAfter\":").Append(condition.NoneMatchAfter.ToString(CultureInfo.InvariantCulture));
        if (condition.Matcher is not null)
        {
            builder.Append(",\"matcher\":");
            foreach (var c in condition.Matcher.Json)
            {
                if (c < 0x7F)
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.Append('}').ToString();
    }
}
