using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// The real Api as a separate process (<c>dotnet &lt;Api dll&gt; arguments…</c>), with its stdout and stderr captured
/// whole. Disposing kills it if it is still running.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ApiProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public static ApiProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ApiProcess(Process.Start(start)!);
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits for the process to exit and returns its exit code and output; fails after <paramref name="deadline"/>.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the Api process did not exit within {deadline.TotalSeconds} s; stderr: {await _stderr}");
        }

        return (_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Polls <c>/health</c> until it answers 200; fails if the process exits or after <paramref name="deadline"/>.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient client, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the Api process exited during start-up with {_process.ExitCode}; stderr: {await _stderr}");
            }

            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the Api process did not become healthy within {deadline.TotalSeconds} s");
    }

    /// <summary>Sends SIGTERM (with the <c>kill</c> command), as an orchestrator does to stop a container.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {_process.Id} exited with {kill.ExitCode}");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
