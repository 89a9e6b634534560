using CleanEventStore.Api.OpenApi;

namespace CleanEventStore.Api.Security;

/// <summary>
/// The routes that need no credentials: the health probes of load balancers and orchestrators (never rate-limited
/// either), and the API's description (<c>/openapi/v1.json</c> and the reference at <c>/scalar</c>) unless
/// <c>OpenApi:RequireAuthentication</c>. Paths are relative to the store's prefix when it is mounted under one.
/// </summary>
public static class AnonymousRoutes
{
    private static readonly PathString[] Paths = ["/health", "/health/live", "/health/ready"];

    /// <summary>A health probe: anonymous and never rate-limited.</summary>
    public static bool IsHealthProbe(PathString path)
    {
        foreach (var anonymous in Paths)
        {
            if (path.Equals(anonymous, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A route that needs no credentials; <paramref name="publicDocumentation"/>: the API's description is one.</summary>
    public static bool Contains(PathString path, bool publicDocumentation) =>
        IsHealthProbe(path) || (publicDocumentation && EventStoreOpenApi.IsDocumentation(path));
}
