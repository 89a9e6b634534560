using CleanEventStore.Application.Abstractions.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CleanEventStore.Api.Health;

/// <summary>The <c>store</c> check of <c>/health/ready</c>: the store is open and accepts writes (on PostgreSQL this queries the database).</summary>
internal sealed class StoreReadinessCheck(IEventStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statistics = await store.GetStatisticsAsync(cancellationToken);
        return !statistics.Open
            ? HealthCheckResult.Unhealthy("The store is closed.")
            : !statistics.Writable
                ? HealthCheckResult.Unhealthy(statistics.FaultReason ?? "The store refuses writes.")
                : HealthCheckResult.Healthy();
    }
}
