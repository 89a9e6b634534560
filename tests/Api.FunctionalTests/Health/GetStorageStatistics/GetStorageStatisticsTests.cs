using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Health.GetStorageStatistics;

/// <summary><c>GET /health/stats</c>.</summary>
public sealed class GetStorageStatisticsTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public GetStorageStatisticsTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task HealthStats_ReportsSegmentsIndexesAndBytes()
    {
        await _client.CommitAsync("stats-1", "{\"type\":\"Counted\"}");

        var response = await _client.GetAsync("/health/stats");
        var stats = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stats["numPartitions"]!.GetValue<int>() >= 1);
        Assert.True(stats["numIndexes"]!.GetValue<int>() >= 3);
        Assert.True(stats["bytesWritten"]!.GetValue<long>() > 0);
        Assert.Equal(1, stats["indexes"]!["stats-1"]!["size"]!.GetValue<long>());
        Assert.NotNull(stats["partitions"]!["00000000.seg"]);
    }
}
