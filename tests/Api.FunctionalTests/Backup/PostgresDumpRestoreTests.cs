using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using Npgsql;

namespace CleanEventStore.Api.FunctionalTests.Backup;

/// <summary>
/// The PostgreSQL provider is backed up with the database's tools: <c>GET /admin/backup</c> answers 501 pointing to
/// <c>pg_dump</c>, and a <c>pg_dump</c> of a live store restored with <c>pg_restore</c> into a new database is a working
/// store (every event, a consumer's state, and new commits continue the positions without a gap).
/// </summary>
public sealed class PostgresDumpRestoreTests : IAsyncLifetime
{
    private readonly string _dump = Path.Combine(Path.GetTempPath(), "ces-api-tests", Guid.NewGuid().ToString("N") + ".dump");
    private PostgresDatabase _source = null!;
    private PostgresDatabase _target = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dump)!);
        _source = await PostgresDatabase.CreateAsync();
        _target = await PostgresDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        File.Delete(_dump);
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task PgDump_OfALiveStore_RestoresIntoAWorkingStore()
    {
        string original;
        JsonObject consumerBefore;
        using (var source = Postgres(_source))
        {
            var client = source.CreateClient();
            await client.CommitAsync("pg-backup-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
            await client.CommitAsync("pg-backup-2", "{\"type\":\"C\"}");
            await client.StartConsumerAsync("pgcounter/stream/_all", ConsumerApi.Counter);
            consumerBefore = await client.AfterAsync("pgcounter", 3);
            var backup = await client.GetAsync("/admin/backup");
            var problem = await backup.AssertProblemAsync(HttpStatusCode.NotImplemented, exact: false);
            Assert.Equal("backup-not-supported", problem["code"]!.GetValue<string>());
            Assert.Contains("pg_dump", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            await RunAsync("pg_dump", "--format=custom", "--no-owner", "--file", _dump, "--dbname", _source.Name);
            original = await client.GetStringAsync("/streams/_all");
        }

        await RunAsync("pg_restore", "--no-owner", "--exit-on-error", "--dbname", _target.Name, _dump);
        using var restored = Postgres(_target);
        var restoredClient = restored.CreateClient();
        var copy = await restoredClient.GetStringAsync("/streams/_all");
        var consumer = await (await restoredClient.GetAsync("/consumers/pgcounter")).JsonAsync();
        var commit = await restoredClient.CommitAsync("pg-backup-1", "{\"type\":\"D\"}");
        var log = await restoredClient.ReadLinesAsync("/streams/_all");

        Assert.Equal(original, copy);
        Assert.Equal(3, consumerBefore["state"]!["count"]!.GetValue<int>());
        Assert.Equal(3, consumer["state"]!["count"]!.GetValue<int>());
        Assert.Equal(3, consumer["position"]!.GetValue<long>());
        Assert.Equal(3, commit["commitId"]!.GetValue<long>());
        Assert.Equal(2, commit["streamVersion"]!.GetValue<long>());
        Assert.Equal([1L, 2L, 3L, 4L], log.Select(line => line["metadata"]!["commitId"]!.GetValue<long>() + line["metadata"]!["commitVersion"]!.GetValue<long>() + 1));
    }

    private static ApiFactory Postgres(PostgresDatabase database) =>
        new ApiFactory()
            .With("EventStore:Provider", "Postgres")
            .With("EventStore:Postgres:ConnectionString", database.ConnectionString);

    /// <summary>Runs a PostgreSQL client tool (on PATH, else in /usr/lib/postgresql/15/bin) against the test server; asserts exit code 0.</summary>
    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var server = new NpgsqlConnectionStringBuilder(PostgresDatabase.Server);
        var start = new ProcessStartInfo(Locate(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--host=" + server.Host);
        start.ArgumentList.Add("--port=" + server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--username=" + server.Username);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = server.Password;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await stderr} {await stdout}");
    }

    private static string Locate(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/lib/postgresql/15/bin"))
        {
            var path = Path.Combine(directory, tool);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return tool;
    }
}
