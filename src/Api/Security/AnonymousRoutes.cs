namespace CleanEventStore.Api.Security;

/// <summary>The routes that need no credentials and are never rate-limited: the health probes of load balancers and orchestrators.</summary>
public static class AnonymousRoutes
{
    private static readonly PathString[] Paths = ["/health", "/health/live", "/health/ready"];

    public static bool Contains(PathString path)
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
}
