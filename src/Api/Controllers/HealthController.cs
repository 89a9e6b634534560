using System.Diagnostics;
using System.Runtime.InteropServices;
using CleanEventStore.Api.Contracts;
using CleanEventStore.Api.Results;
using CleanEventStore.Application.Health.GetHealth;
using CleanEventStore.Application.Health.GetStorageStatistics;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary><c>GET /health</c> (200 when the store is open and writable, else 503) and <c>GET /health/stats</c>.</summary>
[ApiController]
[Route("health")]
public sealed class HealthController(ISender sender, IHostEnvironment environment) : EventStoreController
{
    private static readonly string Version =
        typeof(HealthController).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    [HttpGet("")]
    public async Task<IActionResult> Get()
    {
        var cancellationToken = RequestAborted;
        var health = await sender.Send(new GetHealthQuery(), cancellationToken);
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
                health.OpenLongPolls));
        return JsonBody.Of(health.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, response, ApiJsonContext.Default.HealthResponse);
    }

    [HttpGet("stats")]
    public async Task<IActionResult> Stats()
    {
        var cancellationToken = RequestAborted;
        var result = await sender.Send(new GetStorageStatisticsQuery(), cancellationToken);
        var statistics = result.Statistics;
        var partitions = statistics.Segments.ToDictionary(
            segment => segment.Name,
            segment => new PartitionStats(segment.Id, segment.Size, segment.HeaderSize));
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
