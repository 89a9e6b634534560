using System.Text.Json.Nodes;
using CleanEventStore.Cli.Tests.Support;

namespace CleanEventStore.Cli.Tests;

/// <summary><c>ces export</c> and <c>ces import</c> against real servers: a store moved to another server is the same store.</summary>
public sealed class ExportImportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ces-cli-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ExportThenImport_IntoAnEmptyServer_ReproducesEveryStreamVersionAndDocument()
    {
        using var source = new Server();
        using var target = new Server();
        await SeedAsync(source);
        var file = Path.Combine(_directory, "store.ndjson");

        var export = await Ces.RunAsync("export", "--server", source.Url, "--output", file);
        var import = await Ces.RunAsync("import", file, "--server", target.Url);

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(0, import.ExitCode);
        var before = await source.AllAsync();
        var after = await target.AllAsync();
        Assert.Equal(File.ReadAllLines(file), before);
        // Merged commits (consecutive commits of one stream) change commitId/commitVersion/commitSize; the time is the import's.
        string[] notKept = ["committedAt", "commitId", "commitVersion", "commitSize"];
        Assert.Equal(before.Select(d => Server.Without(d, notKept)), after.Select(d => Server.Without(d, notKept)));
        Assert.Equal(await VersionsAsync(source), await VersionsAsync(target));
        Assert.Contains("import: 9 events", import.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_KeepCommits_ReproducesTheCommitsToo()
    {
        using var source = new Server();
        using var target = new Server();
        await SeedAsync(source);
        var file = Path.Combine(_directory, "store.ndjson");

        Assert.Equal(0, (await Ces.RunAsync("export", "--server", source.Url, "-o", file)).ExitCode);
        Assert.Equal(0, (await Ces.RunAsync("import", file, "--server", target.Url, "--keep-commits")).ExitCode);

        Assert.Equal((await source.AllAsync()).Select(d => Server.Without(d, "committedAt")), (await target.AllAsync()).Select(d => Server.Without(d, "committedAt")));
    }

    [Fact]
    public async Task Export_ToStdout_StreamCategoryAndQuery_SelectTheirEvents()
    {
        using var source = new Server();
        await SeedAsync(source);

        var all = await Ces.RunAsync("export", "--server", source.Url);
        var stream = await Ces.RunAsync("export", "--server", source.Url, "--stream", "orders-1");
        var category = await Ces.RunAsync("export", "--server", source.Url, "--category", "orders");
        var query = await Ces.RunAsync("export", "--server", source.Url, "--query", """{"items":[{"types":["OrderPaid"]}]}""");

        Assert.Equal(await source.AllAsync(), all.StdoutLines);
        Assert.All(new[] { all, stream, category, query }, run => Assert.Equal(0, run.ExitCode));
        Assert.Equal(["orders-1", "orders-1", "orders-1", "orders-1"], stream.StdoutLines.Select(StreamOf));
        Assert.Equal(7, category.StdoutLines.Length);
        Assert.DoesNotContain(category.StdoutLines, line => StreamOf(line) == "customers-1");
        Assert.Equal(["OrderPaid", "OrderPaid"], query.StdoutLines.Select(line => JsonNode.Parse(line)!["payload"]!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Import_InterruptedMidway_ReRunCompletesWithoutDuplicates()
    {
        using var source = new Server();
        using var target = new Server();
        for (var i = 0; i < 60; i++)
        {
            // Sixty one-event commits to twenty streams, interleaved: sixty batches.
            await source.CommitAsync($"orders-{i % 20}", "", $$"""{"type":"OrderNoted","n":{{i}}}""");
        }

        var file = Path.Combine(_directory, "store.ndjson");
        Assert.Equal(0, (await Ces.RunAsync("export", "--server", source.Url, "-o", file)).ExitCode);

        using var interrupt = new CancellationTokenSource();
        var interrupted = await Ces.RunAsync(["import", file, "--server", target.Url], events =>
        {
            if (events >= 25)
            {
                interrupt.Cancel(); // Ctrl+C after 25 commits, while the next one may be in flight.
            }
        }, interrupt.Token);
        var partial = (await target.AllAsync()).Count;
        var resumed = await Ces.RunAsync("import", file, "--server", target.Url);
        var again = await Ces.RunAsync("import", file, "--server", target.Url, "--no-checkpoint", "--batch-size", "7");

        Assert.Equal(ExitCodes.Interrupted, interrupted.ExitCode);
        Assert.InRange(partial, 25, 59);
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("resuming after line", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 imported", again.Stderr, StringComparison.Ordinal);
        Assert.Equal((await source.AllAsync()).Select(d => Server.Without(d, "committedAt")), (await target.AllAsync()).Select(d => Server.Without(d, "committedAt")));
    }

    [Fact]
    public async Task Import_WithoutCheckpoint_AfterAPartialImportInOtherBatches_ContinuesAfterTheEqualPrefix()
    {
        using var source = new Server();
        using var target = new Server();
        await source.CommitAsync("orders-1", "", """{"type":"A"}""", """{"type":"B"}""", """{"type":"C"}""");
        await target.CommitAsync("orders-1", "", """{"type":"A"}""");
        var file = Path.Combine(_directory, "store.ndjson");
        Assert.Equal(0, (await Ces.RunAsync("export", "--server", source.Url, "-o", file)).ExitCode);

        var import = await Ces.RunAsync("import", file, "--server", target.Url, "--no-checkpoint");

        Assert.Equal(0, import.ExitCode);
        Assert.Contains("2 imported", import.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 already on the target", import.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, await target.Client.GetStreamVersionAsync("orders-1"));
    }

    [Fact]
    public async Task Import_IntoATargetWhoseStreamHasOtherEvents_FailsNamingIt()
    {
        using var source = new Server();
        using var target = new Server();
        await source.CommitAsync("orders-1", "", """{"type":"OrderPlaced","orderId":"1"}""");
        await source.CommitAsync("orders-2", "", """{"type":"OrderPlaced","orderId":"2"}""");
        await target.CommitAsync("orders-2", "", """{"type":"SomethingElse"}""");
        var file = Path.Combine(_directory, "store.ndjson");
        Assert.Equal(0, (await Ces.RunAsync("export", "--server", source.Url, "-o", file)).ExitCode);

        var import = await Ces.RunAsync("import", file, "--server", target.Url);

        Assert.Equal(ExitCodes.Failure, import.ExitCode);
        Assert.Contains("stream \"orders-2\" on the target already has a different event at version 0", import.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, await target.Client.GetStreamVersionAsync("orders-2"));
    }

    [Fact]
    public async Task Import_FromStdin_AndAMalformedLine_FailsWithItsNumber()
    {
        using var target = new Server();
        var good = """{"stream":"orders-1","payload":{"type":"A"},"metadata":{"commitId":0,"committedAt":1,"commitVersion":0,"commitSize":1,"streamVersion":0}}""";
        var input = System.Text.Encoding.UTF8.GetBytes(good + "\nnot json\n");

        var import = await Ces.RunAsync(["import", "--server", target.Url], null, default, input);

        Assert.Equal(ExitCodes.Failure, import.ExitCode);
        Assert.Contains("line 2 is not an exported event", import.Stderr, StringComparison.Ordinal);
    }

    private static string StreamOf(string line) => JsonNode.Parse(line)!["stream"]!.GetValue<string>();

    /// <summary>Streams with commit metadata, multi-event commits, consecutive commits of one stream, types and tags.</summary>
    private static async Task SeedAsync(Server server)
    {
        await server.CommitAsync("orders-1", """{"requestId":"r1"}""", """{"type":"OrderPlaced","orderId":"1","tags":["eu"]}""", """{"type":"OrderPaid","orderId":"1"}""");
        await server.CommitAsync("orders-1", "", """{"type":"OrderShipped","orderId":"1"}""");
        await server.CommitAsync("orders-1", "", """{"type":"OrderDelivered","orderId":"1"}""");
        await server.CommitAsync("customers-1", """{"by":"crm"}""", """{"type":"CustomerRegistered","name":"Ada"}""");
        await server.CommitAsync("orders-2", "", """{"type":"OrderPlaced","orderId":"2","tags":["us"]}""");
        await server.CommitAsync("orders/eu-3", "", """{"type":"OrderPlaced","orderId":"3"}""", """{"type":"OrderPaid","orderId":"3"}""");
        await server.CommitAsync("customers-1", """{"by":"crm"}""", """{"type":"CustomerMoved","city":"Oslo"}""");
    }

    private static async Task<List<(string, long)>> VersionsAsync(Server server) =>
        [.. (await server.Client.ListStreamsAsync()).Select(s => (s.Stream, s.Version)).OrderBy(s => s.Stream, StringComparer.Ordinal)];
}
