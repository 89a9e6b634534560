using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Cli.Tests.Support;

namespace CleanEventStore.Cli.Tests;

/// <summary>tail, stats, the backup download, help, the usage errors, and the built executable.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ces-cli-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("nonsense")]
    [InlineData("export --bogus")]
    [InlineData("export --stream a --category b")]
    [InlineData("export --query {\"items\":[]}")]
    [InlineData("export --server not-a-url")]
    [InlineData("import --batch-size 0")]
    [InlineData("import /no/such/file.ndjson")]
    [InlineData("backup")]
    [InlineData("export --data-directory /tmp --query {\"items\":[{\"types\":[\"A\"]}]}")]
    [InlineData("export --data-directory /tmp --server http://localhost:3000")]
    [InlineData("backup --output x --data-directory /tmp --api-key k")]
    [InlineData("restore")]
    [InlineData("restore /no/such/file.backup --to /tmp/x")]
    [InlineData("restore x.backup")]
    [InlineData("verify")]
    [InlineData("verify /tmp --max-problems 0")]
    [InlineData("tail --count 0")]
    [InlineData("")]
    public async Task UsageErrors_ExitWith2AndSayWhy(string command)
    {
        var run = await Ces.RunAsync(command.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.True(run.Stderr.Contains("error:", StringComparison.Ordinal) || command.Length == 0, run.Stderr);
    }

    [Fact]
    public async Task Help_OfEachCommand_DescribesItsOptions()
    {
        foreach (var (command, option) in new[] { ("export", "--category"), ("import", "--batch-size"), ("backup", "--output"), ("tail", "--json"), ("stats", "--json") })
        {
            var run = await Ces.RunAsync(command, "--help");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains(option, run.Console, StringComparison.Ordinal);
            Assert.Contains("--server", run.Console, StringComparison.Ordinal);
        }

        // restore and verify work on files offline: no server options.
        foreach (var (command, option) in new[] { ("restore", "--to"), ("verify", "--allow-in-use") })
        {
            var run = await Ces.RunAsync(command, "--help");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains(option, run.Console, StringComparison.Ordinal);
            Assert.DoesNotContain("--server", run.Console, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnreachableServer_ExitsWith1AndSaysSo()
    {
        var run = await Ces.RunAsync("stats", "--server", "http://127.0.0.1:" + FreePort());

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("cannot reach the server", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_PrintsANewlyCommittedEvent_AndCtrlCEndsItWith0()
    {
        using var server = new Server();
        await server.CommitAsync("orders-1", "", """{"type":"OrderPlaced","orderId":"old"}""");
        using var tail = Ces.Start("tail", "--stream", "orders-1", "--json", "--server", server.Url);
        // The tail starts after the head: keep committing until it has started following, then one more.
        var n = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                await server.CommitAsync("orders-1", "", $$"""{"type":"OrderNoted","n":{{n++}}}""");
                return tail.Stdout.Contains("OrderNoted", StringComparison.Ordinal);
            },
            "the tail to print a new event");
        await server.CommitAsync("orders-1", "", """{"type":"OrderShipped","orderId":"new"}""");
        await Eventually.UntilAsync(() => tail.Stdout.Contains("OrderShipped", StringComparison.Ordinal), "the tail to print the last commit");

        var exitCode = await tail.InterruptAsync();

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("\"old\"", tail.Stdout, StringComparison.Ordinal);
        var last = JsonNode.Parse(tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!;
        Assert.Equal("orders-1", last["stream"]!.GetValue<string>());
        Assert.Equal("new", last["payload"]!["orderId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tail_FromTheStart_CompactLines_StopsAfterCount()
    {
        using var server = new Server();
        await server.CommitAsync("orders-1", "", """{"type":"OrderPlaced","orderId":"1"}""", """{"type":"OrderPaid","orderId":"1"}""");

        var run = await Ces.RunAsync("tail", "--from", "1", "--count", "2", "--server", server.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.StdoutLines.Length);
        Assert.StartsWith("#1 orders-1@1 OrderPlaced ", run.StdoutLines[0], StringComparison.Ordinal);
        Assert.EndsWith("""{"type":"OrderPaid","orderId":"1"}""", run.StdoutLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_TableAndJson_ShowTheStore()
    {
        using var server = new Server();
        await server.CommitAsync("orders-1", "", """{"type":"OrderPlaced"}""", """{"type":"OrderPaid"}""");

        var table = await Ces.RunAsync("stats", "--server", server.Url);
        var json = await Ces.RunAsync("stats", "--json", "--server", server.Url);

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("events (head position)", table.Console, StringComparison.Ordinal);
        Assert.Contains("write streams", table.Console, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.Equal("ok", report["health"]!["status"]!.GetValue<string>());
        Assert.Equal(2, report["health"]!["store"]!["length"]!.GetValue<long>());
        Assert.Equal(2, report["stats"]!["indexes"]!["orders-1"]!["size"]!.GetValue<long>());
    }

    /// <summary>
    /// The download path byte for byte, against a stand-in for <c>GET /admin/backup</c> serving a known 300 KB body (the
    /// round trip through the real endpoint, restore and verify is in <see cref="RestoreVerifyTests"/>).
    /// </summary>
    [Fact]
    public async Task Backup_WritesTheArchiveAndNamesItsPosition()
    {
        var archive = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.Headers["X-Backup-Position"] = "42";
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength64 = archive.Length;
            var path = context.Request.Url!.AbsolutePath;
            context.Response.StatusCode = path == "/admin/backup" ? 200 : 404;
            await context.Response.OutputStream.WriteAsync(archive);
            context.Response.Close();
        });
        var file = Path.Combine(_directory, "store.backup");

        var run = await Ces.RunAsync("backup", "--output", file, "--server", $"http://127.0.0.1:{port}");
        await serve;

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(archive, await File.ReadAllBytesAsync(file));
        Assert.Contains("up to position 42", run.Console, StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".partial"));
    }

    /// <summary>The built executable, as an operator runs it: export to stdout, and a usage error's code.</summary>
    [Fact]
    public async Task Executable_ExportsToStdout_AndExitsWith2OnAUsageError()
    {
        using var server = new Server();
        await server.CommitAsync("orders-1", "", """{"type":"OrderPlaced","orderId":"1"}""");

        var export = await RunProcessAsync("export", "--server", server.Url);
        var usage = await RunProcessAsync("export", "--no-such-option");

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(await server.AllAsync(), export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("export: 1 events", export.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("Unknown option", usage.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CesApp).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("CES_SERVER");
        start.Environment.Remove("CES_API_KEY");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
