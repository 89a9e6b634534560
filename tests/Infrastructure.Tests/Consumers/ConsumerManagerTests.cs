using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Consumers;

public sealed class ConsumerManagerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Each row can only hit the limit it tests (<see cref="SandboxLimits.Only"/>), never the clock of a loaded machine.</summary>
    [Theory]
    [InlineData("statements", "(e, s) => { if (e.payload.n === 2) { while (true) {} } return { count: (s.count || 0) + 1 }; }", "the handler exceeded the limit of 1000000 statements per event.")]
    [InlineData("recursion", "(e, s) => { function f(n) { return f(n + 1) + 1; } if (e.payload.n === 2) { f(0); } return { count: (s.count || 0) + 1 }; }", "the handler exceeded the recursion limit of 256 calls.")]
    [InlineData("memory", "(e, s) => { if (e.payload.n === 2) { var a = []; while (true) { a.push(new Array(100000).fill(1)); } } return { count: (s.count || 0) + 1 }; }", "the handler exceeded the memory limit of 67108864 bytes per event.")]
    public async Task SandboxLimit_FaultsThatConsumerOnly_WhileAnotherKeepsWorking(string limit, string handler, string error)
    {
        await using var harness = await ConsumerHarness.OpenAsync(_directory.Path, sandbox: SandboxLimits.Only(limit));
        await harness.CommitManyAsync("limits", 3);

        await harness.StartAsync("bad", "limits", handler);
        await harness.StartAsync("good", "limits");
        var faulted = await harness.WaitAsync("bad", 3);
        await harness.CommitManyAsync("limits", 2);
        var good = await harness.WaitAsync("good", 5);

        Assert.Equal(ConsumerStatus.Faulted, faulted.Status);
        Assert.Equal(error, faulted.Error);
        Assert.Equal(1, faulted.Position);
        Assert.Equal(2, faulted.FailedRevision);
        Assert.Equal("{\"count\":1}", faulted.State);
        Assert.Equal(ConsumerStatus.Running, good.Status);
        Assert.Equal("{\"count\":5}", good.State);
        Assert.Equal(2, harness.Manager.Count);
    }

    [Fact]
    public async Task Start_InvalidHandlerOrMissingStream_ChangesNothing()
    {
        await using var harness = await ConsumerHarness.OpenAsync(_directory.Path);
        await harness.CommitManyAsync("s", 1);

        var invalid = await harness.StartAsync("c", "s", "(e, s) => {");
        var missing = await harness.StartAsync("c", "nope");

        Assert.Equal(ConsumerStartStatus.InvalidHandler, invalid.Status);
        Assert.Equal(ConsumerStartStatus.StreamNotFound, missing.Status);
        Assert.Equal(0, harness.Manager.Count);
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "consumers")) && Directory.EnumerateFiles(Path.Combine(_directory.Path, "consumers")).Any());
    }

    [Fact]
    public async Task Start_SameDefinition_IsUnchanged_DifferentOne_Replaces()
    {
        await using var harness = await ConsumerHarness.OpenAsync(_directory.Path);
        await harness.CommitManyAsync("s", 3);
        await harness.StartAsync("c", "s");
        await harness.WaitAsync("c", 3);

        var same = await harness.StartAsync("c", "s");
        var replaced = await harness.StartAsync("c", "s", ConsumerHarness.Counter, "{\"count\":100}", from: 2);
        var after = await harness.WaitAsync("c", 3);

        Assert.Equal(ConsumerStartStatus.Unchanged, same.Status);
        Assert.Equal("{\"count\":3}", same.Consumer!.State);
        Assert.Equal(ConsumerStartStatus.Replaced, replaced.Status);
        Assert.Equal(2, replaced.Consumer!.Position);
        Assert.Equal("{\"count\":100}", replaced.Consumer.State);
        Assert.Equal("{\"count\":101}", after.State);
    }

    [Fact]
    public async Task Start_SameDefinitionAfterAFault_ResumesAndRetriesTheFailedEvent()
    {
        await using var harness = await ConsumerHarness.OpenAsync(_directory.Path);
        await harness.CommitManyAsync("s", 2);
        const string Failing = "(e, s) => { if (e.payload.n === 2) throw new Error('again'); return { count: (s.count || 0) + 1 }; }";
        await harness.StartAsync("c", "s", Failing);
        var first = await harness.WaitAsync("c", 2);

        var resumed = await harness.StartAsync("c", "s", Failing);
        var second = await harness.WaitAsync("c", 2);

        Assert.Equal(ConsumerStatus.Faulted, first.Status);
        Assert.Equal(ConsumerStartStatus.Resumed, resumed.Status);
        Assert.Equal(ConsumerStatus.Faulted, second.Status);
        Assert.Equal(2, second.FailedRevision);
        Assert.Equal("{\"count\":1}", second.State);
    }

    [Fact]
    public async Task Restart_ResumesFromThePersistedPairAndKeepsCreationOrder()
    {
        await using (var first = await ConsumerHarness.OpenAsync(_directory.Path, batchSize: 2))
        {
            await first.CommitManyAsync("s", 5);
            await first.StartAsync("zeta", "s");
            await first.StartAsync("alpha", "_all");
            await first.WaitAsync("zeta", 5);
            await first.WaitAsync("alpha", 5);
        }

        await using var second = await ConsumerHarness.OpenAsync(_directory.Path, batchSize: 2);
        var resumed = second.Manager.Find(ConsumerId.Parse("zeta"))!;
        await second.CommitManyAsync("s", 1);
        var continued = await second.WaitAsync("zeta", 6);

        Assert.Equal(5, resumed.Position);
        Assert.Equal("{\"count\":5}", resumed.State);
        Assert.Equal("{\"count\":6}", continued.State);
        Assert.Equal(["zeta", "alpha"], second.Manager.List().Select(c => c.Id.Value));
    }

    [Fact]
    public async Task Restart_WithoutAutoStart_LeavesConsumersStopped()
    {
        await using (var first = await ConsumerHarness.OpenAsync(_directory.Path))
        {
            await first.CommitManyAsync("s", 2);
            await first.StartAsync("c", "s");
            await first.WaitAsync("c", 2);
        }

        await using var second = await ConsumerHarness.OpenAsync(_directory.Path, autoStart: false);
        await second.CommitManyAsync("s", 1);
        var stopped = second.Manager.Find(ConsumerId.Parse("c"))!;
        var resumed = await second.StartAsync("c", "s");
        var done = await second.WaitAsync("c", 3);

        Assert.Equal(ConsumerStatus.Stopped, stopped.Status);
        Assert.Equal(2, stopped.Position);
        Assert.Equal(ConsumerStartStatus.Resumed, resumed.Status);
        Assert.Equal("{\"count\":3}", done.State);
    }

    [Fact]
    public async Task Delete_RemovesTheFilesAndWakesWaiters()
    {
        await using var harness = await ConsumerHarness.OpenAsync(_directory.Path);
        await harness.CommitManyAsync("s", 1);
        await harness.StartAsync("c", "s");
        await harness.WaitAsync("c", 1);

        var waiting = harness.Manager.WaitForPositionAsync(ConsumerId.Parse("c"), 10, CancellationToken.None).AsTask();
        var deleted = await harness.Manager.DeleteAsync(ConsumerId.Parse("c"), CancellationToken.None);
        var result = await waiting.WaitAsync(Eventually.Deadline);

        Assert.True(deleted);
        Assert.Null(result);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_directory.Path, "consumers")));
        Assert.False(await harness.Manager.DeleteAsync(ConsumerId.Parse("c"), CancellationToken.None));
    }

    [Fact]
    public async Task Replace_WakesWaitersOnTheNewInstance()
    {
        await using var harness = await ConsumerHarness.OpenAsync(_directory.Path);
        await harness.CommitManyAsync("s", 2);
        await harness.StartAsync("c", "s", "(e, s) => { if (e.payload.n === 2) throw new Error('x'); return s; }");
        await harness.WaitAsync("c", 2);

        var waiting = harness.Manager.WaitForPositionAsync(ConsumerId.Parse("c"), 3, CancellationToken.None).AsTask();
        await harness.StartAsync("c", "s");
        await harness.CommitManyAsync("s", 1);
        var result = await waiting.WaitAsync(Eventually.Deadline);

        Assert.NotNull(result);
    }

    [Fact]
    public async Task ManyConsumers_FollowCommitsWithoutPolling()
    {
        await using var harness = await ConsumerHarness.OpenAsync(_directory.Path);
        await harness.CommitManyAsync("busy", 1);
        for (var i = 0; i < 20; i++)
        {
            await harness.StartAsync("c" + i, "busy");
        }

        await harness.CommitManyAsync("busy", 30);
        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => harness.WaitAsync("c" + i, 31)));

        Assert.All(all, c => Assert.Equal("{\"count\":31}", c.State));
    }
}
