using System.Net;
using System.Net.Sockets;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Hosting;

/// <summary>
/// Start-up failures of the real Api, run as a separate process: each ends the process within a deadline with its
/// documented exit code and exactly one line on stderr, <c>CleanEventStore could not start: …</c>, with no stack trace
/// there nor in the log (the host's own "Hosting failed to start" report is kept out).
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "ces-startup-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task SecondServerOnAHeldDataDirectory_ExitsWith3NamingTheHolder()
    {
        var directory = Path.Combine(_root, "held");
        var port = ApiProcess.FreePort();
        using var first = ApiProcess.Start(Arguments(port, directory));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await first.WaitUntilHealthyAsync(client, Deadline);

        using var second = ApiProcess.Start(Arguments(ApiProcess.FreePort(), directory));
        var (exitCode, stdout, stderr) = await second.WaitForExitAsync(Deadline);

        var line = AssertOneLineReport(exitCode, 3, stdout, stderr);
        Assert.Contains($"The data directory '{Path.GetFullPath(directory)}' is in use by another CleanEventStore process (pid={first.Id} host=", line, StringComparison.Ordinal);
        Assert.EndsWith("Stop that process or choose another EventStore:StorageDirectory.", line, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task InvalidOtlpProtocol_ExitsWith2NamingTheKey()
    {
        var directory = Path.Combine(_root, "otlp");
        using var server = ApiProcess.Start([.. Arguments(ApiProcess.FreePort(), directory), "--OpenTelemetry:Otlp:Endpoint=http://127.0.0.1:4318", "--OpenTelemetry:Otlp:Protocol=udp"]);
        var (exitCode, stdout, stderr) = await server.WaitForExitAsync(Deadline);

        var line = AssertOneLineReport(exitCode, 2, stdout, stderr);
        Assert.Equal("CleanEventStore could not start: OpenTelemetry:Otlp:Protocol must be grpc or http/protobuf, not \"udp\".", line);
    }

    [Fact]
    public async Task InvalidConfiguration_ExitsWith2BeforeTouchingTheDataDirectory()
    {
        var directory = Path.Combine(_root, "invalid");
        using var server = ApiProcess.Start([.. Arguments(ApiProcess.FreePort(), directory), "--EventStore:SegmentSizeBytes=1"]);
        var (exitCode, stdout, stderr) = await server.WaitForExitAsync(Deadline);

        var line = AssertOneLineReport(exitCode, 2, stdout, stderr);
        Assert.Equal("CleanEventStore could not start: EventStore:SegmentSizeBytes must be between 1 MiB and 1 TiB.", line);
        Assert.False(Directory.Exists(directory), "the data directory was created although the configuration is invalid");
    }

    [Fact]
    public async Task CorruptLog_ExitsWith4NamingTheDamage()
    {
        var directory = Path.Combine(_root, "corrupt");
        var segment = Path.Combine(directory, "log", "00000000.seg");
        Directory.CreateDirectory(Path.GetDirectoryName(segment)!);
        await File.WriteAllBytesAsync(segment, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 + 7))]);

        using var server = ApiProcess.Start(Arguments(ApiProcess.FreePort(), directory));
        var (exitCode, stdout, stderr) = await server.WaitForExitAsync(Deadline);

        var line = AssertOneLineReport(exitCode, 4, stdout, stderr);
        Assert.Equal(
            $"CleanEventStore could not start: The event store in '{Path.GetFullPath(directory)}' cannot be opened: '{segment}' is not a CleanEventStore log segment (bad magic).",
            line);
    }

    [Fact]
    public async Task ListenAddressInUse_ExitsWith5NamingTheAddress()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        using var server = ApiProcess.Start(Arguments(port, Path.Combine(_root, "address")));
        var (exitCode, stdout, stderr) = await server.WaitForExitAsync(Deadline);

        var line = AssertOneLineReport(exitCode, 5, stdout, stderr);
        Assert.Contains($"http://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("address already in use", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresServerUnreachable_ExitsWith6NamingTheDatabaseButNotThePassword()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        using var server = ApiProcess.Start(
        [
            .. Arguments(ApiProcess.FreePort(), Path.Combine(_root, "unreachable")),
            "--EventStore:Provider=Postgres",
            $"--EventStore:Postgres:ConnectionString=Host=127.0.0.1;Port={port};Username=ces;Password=secret-pw;Database=events;Timeout=5",
        ]);
        var (exitCode, stdout, stderr) = await server.WaitForExitAsync(Deadline);

        var line = AssertOneLineReport(exitCode, 6, stdout, stderr);
        Assert.StartsWith($"CleanEventStore could not start: The PostgreSQL database 'events' on 127.0.0.1:{port} as user 'ces' cannot be opened: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresConnectionStringMalformed_ExitsWith2NamingTheKey()
    {
        using var server = ApiProcess.Start(
        [
            .. Arguments(ApiProcess.FreePort(), Path.Combine(_root, "malformed")),
            "--EventStore:Provider=Postgres",
            "--EventStore:Postgres:ConnectionString=Hots=127.0.0.1;Password=secret-pw",
        ]);
        var (exitCode, stdout, stderr) = await server.WaitForExitAsync(Deadline);

        var line = AssertOneLineReport(exitCode, 2, stdout, stderr);
        Assert.StartsWith("CleanEventStore could not start: EventStore:Postgres:ConnectionString is not a valid Npgsql connection string: ", line, StringComparison.Ordinal);
        Assert.Contains("hots", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret-pw", stderr + stdout, StringComparison.Ordinal);
    }

    private static string[] Arguments(int port, string directory) =>
    [
        "--urls", $"http://127.0.0.1:{port}",
        $"--EventStore:StorageDirectory={directory}",
        "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>The exit code is the documented one, stderr holds exactly one non-empty line, and nothing has a stack trace.</summary>
    private static string AssertOneLineReport(int exitCode, int expectedExitCode, string stdout, string stderr)
    {
        Assert.True(exitCode == expectedExitCode, $"exit code {exitCode}, expected {expectedExitCode}; stderr: {stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("CleanEventStore could not start: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", stdout, StringComparison.Ordinal);
        return line;
    }
}
