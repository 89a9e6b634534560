using CleanEventStore.Application.Abstractions.Consumers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CleanEventStore.Api.Health;

/// <summary>The <c>consumers</c> check of <c>/health/ready</c>: the persisted consumers are loaded.</summary>
internal sealed class ConsumersReadinessCheck(IConsumerManager consumers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(consumers.Loaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The consumers are not loaded yet."));
}
