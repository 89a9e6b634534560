using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Durability;

/// <summary>Restarts of the whole Api over one data directory.</summary>
public sealed class ConsumerRestartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ces-api-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [Fact]
    public async Task Restart_ResumesConsumersWithTheirStateAndPosition()
    {
        using (var first = Factory())
        {
            var client = first.CreateClient();
            await client.CommitAsync("restart-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
            await client.StartConsumerAsync("restarted/stream/restart-1", ConsumerApi.Counter);
            await client.StartConsumerAsync("second/stream/_all", ConsumerApi.Counter);
            await client.AfterAsync("restarted", 2);
        }

        using var second = Factory();
        var again = second.CreateClient();
        var resumed = await (await again.GetAsync("/consumers/restarted")).JsonAsync();
        await again.CommitAsync("restart-1", "{\"type\":\"C\"}");
        var continued = await again.AfterAsync("restarted", 3);
        var list = await (await again.GetAsync("/consumers")).JsonAsync();
        var same = await again.StartConsumerAsync("restarted/stream/restart-1", ConsumerApi.Counter, expected: HttpStatusCode.OK);

        Assert.True(resumed["position"]!.GetValue<long>() >= 2);
        Assert.Equal(resumed["position"]!.GetValue<long>(), resumed["state"]!["count"]!.GetValue<long>());
        Assert.Equal("running", resumed["status"]!.GetValue<string>());
        Assert.Equal(3, continued["state"]!["count"]!.GetValue<int>());
        Assert.Equal(["restarted", "second"], list["consumers"]!.AsArray().Select(c => c!["identifier"]!.GetValue<string>()));
        Assert.Equal(3, same["state"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Restart_KeepsAFaultedConsumerFaulted()
    {
        using (var first = Factory())
        {
            var client = first.CreateClient();
            await client.CommitAsync("restart-fault-1", "{\"type\":\"A\"}", "{\"type\":\"Bad\"}");
            await client.StartConsumerAsync("restart-faulty/stream/restart-fault-1", "(e, s) => { if (e.payload.type === 'Bad') throw new Error('boom'); return { count: (s.count || 0) + 1 }; }");
            await client.FaultedAsync("restart-faulty");
        }

        using var second = Factory();
        var consumer = await (await second.CreateClient().GetAsync("/consumers/restart-faulty")).JsonAsync();

        Assert.Equal("faulted", consumer["status"]!.GetValue<string>());
        Assert.Equal("boom", consumer["error"]!.GetValue<string>());
        Assert.Equal(2, consumer["failedRevision"]!.GetValue<long>());
        Assert.Equal(1, consumer["position"]!.GetValue<long>());
    }

    [Fact]
    public async Task Restart_WithoutAutoStart_RegistersStoppedConsumersThatAPutResumes()
    {
        using (var first = Factory())
        {
            var client = first.CreateClient();
            await client.CommitAsync("manual-1", "{\"type\":\"A\"}");
            await client.StartConsumerAsync("manual/stream/manual-1", ConsumerApi.Counter);
            await client.AfterAsync("manual", 1);
        }

        using var second = Factory().With("EventStore:AutoStartConsumers", "false");
        var again = second.CreateClient();
        await again.CommitAsync("manual-1", "{\"type\":\"B\"}");
        var stopped = await (await again.GetAsync("/consumers/manual")).JsonAsync();
        var resumed = await again.StartConsumerAsync("manual/stream/manual-1", ConsumerApi.Counter, expected: HttpStatusCode.OK);
        var done = await again.AfterAsync("manual", 2);

        Assert.Equal("stopped", stopped["status"]!.GetValue<string>());
        Assert.Equal(1, stopped["position"]!.GetValue<long>());
        Assert.Equal("running", resumed["status"]!.GetValue<string>());
        Assert.Equal(2, done["state"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_RemovesThePersistedFiles_SoARestartDoesNotBringItBack()
    {
        using (var first = Factory())
        {
            var client = first.CreateClient();
            await client.CommitAsync("gone-1", "{\"type\":\"A\"}");
            await client.StartConsumerAsync("gone/stream/gone-1", ConsumerApi.Counter);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/consumers/gone")).StatusCode);
        }

        using var second = Factory();
        var response = await second.CreateClient().GetAsync("/consumers/gone");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_directory, "consumers"), "gone.*"));
    }

    private ApiFactory Factory() => new ApiFactory().With("EventStore:StorageDirectory", _directory);
}
