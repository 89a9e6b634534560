using System.Globalization;
using System.Threading.RateLimiting;
using CleanEventStore.Api.ProblemDetails;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Telemetry;
using Microsoft.AspNetCore.RateLimiting;

namespace CleanEventStore.Api.Security;

/// <summary>
/// <c>RateLimit:PermitsPerSecond</c> and <c>RateLimit:Burst</c>: one token bucket per caller (the API key's name or the
/// token's subject, or the client's address without authentication), with ASP.NET Core's rate limiter. A request over
/// the rate is answered 429 with <c>Retry-After</c> at once (no queue). The health probes are never limited. The
/// limiter's options are the store's own, given to its middleware (<see cref="SecurityDependencyInjection.UseApiSecurity"/>)
/// rather than registered as the application's <see cref="RateLimiterOptions"/>, so that an application that embeds the
/// store keeps its own limits, and the store's apply to the store's requests only.
/// </summary>
public static class RequestRateLimiting
{
    public static IServiceCollection AddRequestRateLimiting(this IServiceCollection services, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.PermitsPerSecond <= 0)
        {
            return services;
        }

        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst > 0 ? limits.Burst : limits.PermitsPerSecond,
            TokensPerPeriod = limits.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        var options = new RateLimiterOptions
        {
            GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                AnonymousRoutes.IsHealthProbe(context.Request.Path)
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetTokenBucketLimiter(PartitionOf(context), _ => bucket)),
            OnRejected = async (rejected, _) =>
            {
                rejected.HttpContext.RequestServices.GetService<EventStoreTelemetry>()?.RateLimited();
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ProblemWriter.WriteAsync(
                    rejected.HttpContext,
                    ProblemWriter.Create(
                        StatusCodes.Status429TooManyRequests,
                        $"Too many requests: this caller may make {limits.PermitsPerSecond} per second (RateLimit:PermitsPerSecond); retry after {retryAfter} s.",
                        "too-many-requests"));
            },
        };
        services.AddSingleton(new StoreRateLimiter(options));
        return services.AddRateLimiter(_ => { });
    }

    /// <summary>The store's limiter options when <c>RateLimit:PermitsPerSecond</c> is set.</summary>
    internal sealed record StoreRateLimiter(RateLimiterOptions Options);

    /// <summary>The caller's bucket: its name once authenticated, else its address.</summary>
    private static string PartitionOf(HttpContext context) =>
        context.Features.Get<CallerFeature>() is { } caller
            ? "caller:" + caller.Caller.Name
            : "address:" + context.Connection.RemoteIpAddress;
}
