using CleanEventStore.Api.Responses;
using CleanEventStore.Application.Common.Telemetry;
using CleanEventStore.Application.Health.GetHealth;
using CleanEventStore.Application.Health.GetStorageStatistics;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace CleanEventStore.Api.Controllers;

/// <summary><c>GET /health</c> (200 when the store is open and writable, else 503) and <c>GET /health/stats</c>.</summary>
[ApiController]
[Route("health")]
public sealed class HealthController(ISender sender, IHostEnvironment environment, EventStoreTelemetry telemetry) : EventStoreController
{
    [HttpGet("")]
    public async Task<IActionResult> Get() =>
        HealthResponses.Health(await sender.Send(new GetHealthQuery(), RequestAborted), environment, telemetry.Totals);

    [HttpGet("stats")]
    public async Task<IActionResult> Stats() =>
        await HealthResponses.Stats(await sender.Send(new GetStorageStatisticsQuery(), RequestAborted), RequestAborted);
}
