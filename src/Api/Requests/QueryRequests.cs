using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Events.QueryByTypes;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Reads <c>GET|POST /query[/from/{revision}]</c>: <see cref="CheckRoute"/> gives the route-level problem (a bad
/// <c>from</c>, a repeated parameter) that the controller answers itself; <see cref="ReadAsync"/> reads the optional
/// JSON body and builds the <see cref="QueryByTypesQuery"/> (<see cref="QueryRequestReader"/>).
/// </summary>
public sealed class QueryRequests(RequestBody body, ISelectorParser selectors, IMatcherParser matchers, AccessGuard access)
{
    private static readonly string[] SingleParameters = ["filter", "selector", "query"];

    /// <summary>The 400 message of a route-level problem, or null with <paramref name="from"/> (null for no revision).</summary>
    public static string? CheckRoute(HttpRequest request, string? revision, out RevisionBound? from)
    {
        from = null;
        if (revision is not null)
        {
            if (RevisionBound.IsZero(revision))
            {
                return "from must not be 0.";
            }

            if (!RevisionBound.TryParse(revision, out var bound))
            {
                return "from must be an integer, \"start\", or \"end\".";
            }

            from = bound;
        }

        foreach (var name in SingleParameters)
        {
            if (request.Query[name].Count > 1)
            {
                return $"{name} must be given once.";
            }
        }

        return null;
    }

    public async ValueTask<QueryByTypesQuery> ReadAsync(HttpRequest request, RevisionBound? from, CancellationToken cancellationToken)
    {
        var bytes = HasBody(request) ? await body.ReadJsonAsync(request, cancellationToken) : [];
        access.Demand(QueryByTypesQuery.Requirement);
        return QueryRequestReader.Read(
            request.Query["types"],
            request.Query["selector"].FirstOrDefault(),
            request.Query["query"].FirstOrDefault(),
            bytes,
            request.Query["filter"].FirstOrDefault(),
            from,
            selectors,
            matchers);
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
}
