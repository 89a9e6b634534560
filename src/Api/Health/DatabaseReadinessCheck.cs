using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CleanEventStore.Api.Health;

/// <summary>The <c>database</c> check of <c>/health/ready</c> on PostgreSQL: <c>SELECT 1</c> on the provider's own data source.</summary>
internal sealed class DatabaseReadinessCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The PostgreSQL database cannot be reached: " + exception.Message);
        }
    }
}
