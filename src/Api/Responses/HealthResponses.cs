using System.Diagnostics;
using System.Runtime.InteropServices;
using CleanEventStore.Api.Contracts;
using CleanEventStore.Api.Results;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Health.GetHealth;
using CleanEventStore.Application.Health.GetStorageStatistics;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Responses;

/// <summary>The responses of <c>GET /health</c> and <c>GET /health/stats</c>: 200 when the store is open (and writable, for health), else 503.</summary>
public static class HealthResponses
{
    private static readonly string Version =
        typeof(HealthResponses).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static IActionResult Health(GetHealthResult health, IHostEnvironment environment, TelemetryTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        using var process = Process.GetCurrentProcess();
        var response = new HealthResponse(
            health.Healthy ? "ok" : "degraded",
            new HealthStore(health.Open, health.Writable, health.Length, health.Streams, health.Consumers, health.Engine, health.Durability, Version, health.FaultReason),
            new HealthServer(
                environment.EnvironmentName,
                (long)(DateTime.UtcNow - process.StartTime.ToUniversalTime()).TotalSeconds,
                RuntimeInformation.FrameworkDescription,
                Environment.ProcessorCount,
                process.WorkingSet64,
                health.OpenLongPolls,
                health.OpenFollowers,
                new HealthTotals(totals.Commits, totals.EventsCommitted, totals.Reads, totals.EventsRead, totals.BytesRead)));
        return JsonBody.Of(health.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, response, ApiJsonContext.Default.HealthResponse);
    }

    public static async Task<IActionResult> Stats(GetStorageStatisticsResult result, CancellationToken cancellationToken)
    {
        var statistics = result.Statistics;
        var partitions = new Dictionary<string, PartitionStats>(statistics.Segments.Count);
        foreach (var segment in statistics.Segments)
        {
            partitions.Add(segment.Name, new PartitionStats(segment.Id, segment.Size, segment.HeaderSize));
        }

        var indexes = new Dictionary<string, IndexStats> { ["_all"] = new IndexStats(statistics.Length, "all", false) };
        await foreach (var stream in result.Streams.WithCancellation(cancellationToken))
        {
            indexes[stream.Name.Value] = new IndexStats(stream.Version, stream.Kind.ToString().ToLowerInvariant(), stream.Closed);
        }

        var response = new StorageStatsResponse(
            partitions.Count,
            partitions,
            indexes.Count,
            indexes,
            statistics.BytesWritten,
            statistics.Engine,
            statistics.Durability,
            statistics.Index.Memberships);
        return JsonBody.Of(statistics.Open ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, response, ApiJsonContext.Default.StorageStatsResponse);
    }
}
