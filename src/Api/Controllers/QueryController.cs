using System.Text;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Api.Requests;
using CleanEventStore.Api.Results;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary>
/// <c>GET|POST /query[/from/{revision}]</c>: the DCB read. The events stream as NDJSON; the header
/// <c>x-event-store-query-condition</c> carries the condition to send back as <c>condition</c> with the commit that
/// acts on them. <c>POST</c> takes the same JSON body as <c>GET</c> (a body on GET does not survive every proxy).
/// </summary>
[ApiController]
[Route("query")]
public sealed class QueryController(ISender sender, RequestBody body, ISelectorParser selectors, IMatcherParser matchers) : EventStoreController
{
    public const string ConditionHeader = "x-event-store-query-condition";

    [HttpGet("")]
    [HttpPost("")]
    public Task<IActionResult> Query() => Run(null, RequestAborted);

    [HttpGet("from/{revision}")]
    [HttpPost("from/{revision}")]
    public Task<IActionResult> QueryFrom() => Run(RouteValue("revision"), RequestAborted);

    /// <summary>The condition as compact, ASCII-only JSON (non-ASCII escaped as <c>\uXXXX</c>), key order selector, noneMatchAfter, matcher.</summary>
    public static string ConditionJson(CommitCondition condition)
    {
        var builder = new StringBuilder(128);
        builder.Append("{\"selector\":").Append(condition.Selector.ToJson());
        builder.Append(",\"noneMatchAfter\":").Append(condition.NoneMatchAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
                    builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.Append('}').ToString();
    }

    private async Task<IActionResult> Run(string? revision, CancellationToken cancellationToken)
    {
        RevisionBound? from = null;
        if (revision is not null)
        {
            if (RevisionBound.IsZero(revision))
            {
                return ProblemWriter.Result(StatusCodes.Status400BadRequest, "from must not be 0.", "bad-request");
            }

            if (!RevisionBound.TryParse(revision, out var bound))
            {
                return ProblemWriter.Result(StatusCodes.Status400BadRequest, "from must be an integer, \"start\", or \"end\".", "bad-request");
            }

            from = bound;
        }

        foreach (var name in new[] { "filter", "selector", "query" })
        {
            if (Request.Query[name].Count > 1)
            {
                return ProblemWriter.Result(StatusCodes.Status400BadRequest, $"{name} must be given once.", "bad-request");
            }
        }

        var bytes = HasBody() ? await body.ReadJsonAsync(Request, cancellationToken) : [];
        var query = QueryRequestReader.Read(
            Request.Query["types"],
            Request.Query["selector"].FirstOrDefault(),
            Request.Query["query"].FirstOrDefault(),
            bytes,
            Request.Query["filter"].FirstOrDefault(),
            from,
            selectors,
            matchers);
        var result = await sender.Send(query, cancellationToken);
        return new NdjsonResult(result.Events, [new(ConditionHeader, ConditionJson(result.Condition))]);
    }

    private bool HasBody() => Request.ContentLength > 0 || Request.Headers.TransferEncoding.Count > 0;
}
