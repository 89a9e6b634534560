using Microsoft.AspNetCore.Routing.Matching;

namespace CleanEventStore.Api.Routing;

/// <summary>
/// Takes the endpoints that <see cref="EventStoreEndpoint.IsMisplaced"/> out of routing when the route table is built,
/// before the HTTP method policy (so a misplaced endpoint yields neither a match nor a 405). It applies only to the
/// route table nodes that hold a misplaced endpoint: the store's own server, where there is none, pays nothing per
/// request.
/// </summary>
internal sealed class EventStoreEndpointPolicy : MatcherPolicy, INodeBuilderPolicy
{
    /// <summary>Before <c>HttpMethodMatcherPolicy</c> (-1000).</summary>
    public override int Order => -2000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var endpoint in endpoints)
        {
            if (EventStoreEndpoint.IsMisplaced(endpoint))
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<PolicyNodeEdge> GetEdges(IReadOnlyList<Endpoint> endpoints) =>
        [new PolicyNodeEdge(true, endpoints.Where(endpoint => !EventStoreEndpoint.IsMisplaced(endpoint)).ToArray())];

    public PolicyJumpTable BuildJumpTable(int exitDestination, IReadOnlyList<PolicyJumpTableEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        return new OneDestination(edges.Count == 0 ? exitDestination : edges[0].Destination);
    }

    private sealed class OneDestination(int destination) : PolicyJumpTable
    {
        public override int GetDestination(HttpContext httpContext) => destination;
    }
}
