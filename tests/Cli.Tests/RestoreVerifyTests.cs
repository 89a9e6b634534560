using System.Text;
using System.Text.Json.Nodes;
using CleanEventStore.Cli.Tests.Support;

namespace CleanEventStore.Cli.Tests;

/// <summary>backup, restore, verify and the offline export against a real server and real data directories.</summary>
public sealed class RestoreVerifyTests : IDisposable
{
    private const string Needle = "needle-4711-payload";

    private readonly string _directory = Directory.CreateTempSubdirectory("ces-cli-restore").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task BackupRestoreVerify_ARestoredStoreHasEveryEventAndOpensInAServer()
    {
        List<string> original;
        var archive = Path.Combine(_directory, "store.backup");
        using (var server = new Server())
        {
            await CommitSomeAsync(server);
            original = await server.AllAsync();

            var backup = await Ces.RunAsync("backup", "--output", archive, "--server", server.Url);

            Assert.Equal(0, backup.ExitCode);
            Assert.Contains($"up to position {original.Count}", backup.Console, StringComparison.Ordinal);
        }

        var target = Path.Combine(_directory, "restored");
        var restore = await Ces.RunAsync("restore", archive, "--to", target);
        var verify = await Ces.RunAsync("verify", target);
        var json = await Ces.RunAsync("verify", target, "--json");

        Assert.Equal(0, restore.ExitCode);
        Assert.Contains($"restored every event up to position {original.Count}", restore.Console, StringComparison.Ordinal);
        Assert.Contains("restore: ", restore.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("events (positions)", verify.Console, StringComparison.Ordinal);
        Assert.Contains("ok", verify.Console, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.True(report["ok"]!.GetValue<bool>());
        Assert.Equal(original.Count, report["events"]!.GetValue<long>());
        // A warning is what recovery repairs at open (no index checkpoint yet in so young a store); no error.
        Assert.All(report["problems"]!.AsArray(), problem => Assert.Equal("Warning", problem!["severity"]!.GetValue<string>()));
        using (var restored = new Server(target))
        {
            Assert.Equal(original, await restored.AllAsync());
        }

        Assert.Equal(0, (await Ces.RunAsync("verify", target)).ExitCode); // The server closed it cleanly.
    }

    [Fact]
    public async Task Restore_IntoANonEmptyDirectory_ExitsWith1AndLeavesItAlone()
    {
        var archive = await BackupAsync();
        var target = Directory.CreateDirectory(Path.Combine(_directory, "occupied")).FullName;
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");

        var run = await Ces.RunAsync("restore", archive, "--to", target);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("is not empty", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Restore_OfATruncatedArchive_ExitsWith1AndCreatesNothing()
    {
        var archive = await BackupAsync();
        var bytes = await File.ReadAllBytesAsync(archive);
        var truncated = Path.Combine(_directory, "truncated.backup");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var target = Path.Combine(_directory, "never");

        var run = await Ces.RunAsync("restore", truncated, "--to", target);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("the archive cannot be restored", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.Equal(["store.backup", "truncated.backup"], Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Verify_OfADamagedSegment_ExitsWith3AndNamesTheFile()
    {
        var target = Path.Combine(_directory, "restored");
        Assert.Equal(0, (await Ces.RunAsync("restore", await BackupAsync(), "--to", target)).ExitCode);
        var segment = Directory.EnumerateFiles(Path.Combine(target, "log"), "*.seg").Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Needle));
        Assert.True(at >= 0, "the payload is stored as written");
        bytes[at] ^= 0x20; // One flipped bit inside a record: its CRC no longer matches.
        await File.WriteAllBytesAsync(segment, bytes);

        var table = await Ces.RunAsync("verify", target);
        var json = await Ces.RunAsync("verify", target, "--json");

        Assert.Equal(ExitCodes.Damaged, table.ExitCode);
        Assert.Contains("damaged", table.Console, StringComparison.Ordinal);
        Assert.Contains("log/" + Path.GetFileName(segment), table.Console, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Damaged, json.ExitCode);
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.False(report["ok"]!.GetValue<bool>());
        Assert.Contains(
            report["problems"]!.AsArray(),
            problem => problem!["severity"]!.GetValue<string>() == "Error" && problem["file"]!.GetValue<string>() == "log/" + Path.GetFileName(segment));
    }

    [Fact]
    public async Task Verify_OfADirectoryAServerHolds_RefusesUnlessAllowed()
    {
        using var server = new Server();
        await CommitSomeAsync(server);
        var dataDirectory = server.DataDirectory;

        var refused = await Ces.RunAsync("verify", dataDirectory);
        var allowed = await Ces.RunAsync("verify", dataDirectory, "--allow-in-use", "--json");

        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Contains("--allow-in-use", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        var report = JsonNode.Parse(allowed.Stdout)!;
        Assert.True(report["inUse"]!.GetValue<bool>());
        Assert.Equal(3, report["events"]!.GetValue<long>());
    }

    [Fact]
    public async Task OfflineExportAndBackup_OfAStoppedDataDirectory_MatchTheServer()
    {
        List<string> original;
        List<string> stream;
        var dataDirectory = Path.Combine(_directory, "data");
        using (var server = new Server(dataDirectory))
        {
            await CommitSomeAsync(server);
            original = await server.AllAsync();
            stream = [.. original.Where(line => line.StartsWith("""{"stream":"orders-2",""", StringComparison.Ordinal))];
        }

        var all = Path.Combine(_directory, "all.ndjson");
        var export = await Ces.RunAsync("export", "--data-directory", dataDirectory, "--output", all);
        var one = await Ces.RunAsync("export", "--data-directory", dataDirectory, "--stream", "orders-2");
        var category = await Ces.RunAsync("export", "--data-directory", dataDirectory, "--category", "orders");
        var missing = await Ces.RunAsync("export", "--data-directory", dataDirectory, "--stream", "nobody-1");
        var archive = Path.Combine(_directory, "offline.backup");
        var backup = await Ces.RunAsync("backup", "--data-directory", dataDirectory, "--output", archive);
        var restored = Path.Combine(_directory, "restored");
        var restore = await Ces.RunAsync("restore", archive, "--to", restored);

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(original, await File.ReadAllLinesAsync(all));
        Assert.Contains($"export: {original.Count} events", export.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(stream, one.StdoutLines);
        Assert.Equal(0, category.ExitCode);
        Assert.Equal(original, category.StdoutLines);
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, backup.ExitCode);
        Assert.Contains($"up to position {original.Count}", backup.Console, StringComparison.Ordinal);
        Assert.Equal(0, restore.ExitCode);
        using var server2 = new Server(restored);
        Assert.Equal(original, await server2.AllAsync());
    }

    [Fact]
    public async Task OfflineExportAndBackup_OfADirectoryAServerHolds_ExitWith1AndPointToTheServer()
    {
        using var server = new Server();
        await CommitSomeAsync(server);

        var export = await Ces.RunAsync("export", "--data-directory", server.DataDirectory);
        var backup = await Ces.RunAsync("backup", "--data-directory", server.DataDirectory, "--output", Path.Combine(_directory, "x.backup"));

        Assert.Equal(ExitCodes.Failure, export.ExitCode);
        Assert.Contains("through its server (--server)", export.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, backup.ExitCode);
        Assert.Contains("through its server (--server)", backup.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "x.backup.partial")));
    }

    [Fact]
    public async Task Verify_OfAMissingDirectory_ExitsWith1()
    {
        var run = await Ces.RunAsync("verify", Path.Combine(_directory, "nothing-here"));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task CommitSomeAsync(Server server)
    {
        await server.CommitAsync("orders-1", "", $$"""{"type":"OrderPlaced","note":"{{Needle}}"}""", """{"type":"OrderPaid"}""");
        await server.CommitAsync("orders-2", "", """{"type":"OrderPlaced"}""");
    }

    private async Task<string> BackupAsync()
    {
        using var server = new Server();
        await CommitSomeAsync(server);
        var archive = Path.Combine(_directory, "store.backup");
        var run = await Ces.RunAsync("backup", "--output", archive, "--server", server.Url);
        Assert.Equal(0, run.ExitCode);
        return archive;
    }
}
