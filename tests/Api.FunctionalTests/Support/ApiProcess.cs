using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// The real Api as a separate process (<c>dotnet &lt;Api dll&gt; arguments…</c>), with its stdout and stderr captured
/// whole, and the address it reports once it listens (with <c>--urls http://127.0.0.1:0</c> the system picks the
/// port, so none is chosen ahead and raced for). Disposing kills it if it is still running.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private const string ListeningMarker = "Now listening on: ";

    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiProcess(Process process)
    {
        _process = process;
        _stdout = ReadLinesAsync(process.StandardOutput);
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>
    /// The address the process listens on, from the host's <c>Now listening on:</c> line (the process must log
    /// <c>Microsoft.Hosting.Lifetime</c> at Information); fails if it exits first or after <paramref name="deadline"/>.
    /// </summary>
    public async Task<Uri> AddressAsync(TimeSpan deadline)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_address.Task, exited).WaitAsync(deadline);
        if (first != _address.Task)
        {
            Assert.Fail($"the Api process exited during start-up with {_process.ExitCode}; stderr: {await _stderr}");
        }

        return await _address.Task;
    }

    /// <summary>Ends the process with SIGKILL, as a crash or an OOM kill would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
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

    private async Task<string> ReadLinesAsync(StreamReader reader)
    {
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            text.AppendLine(line);
            var at = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
            if (at >= 0)
            {
                _address.TrySetResult(new Uri(line[(at + ListeningMarker.Length)..].Trim()));
            }
        }

        return text.ToString();
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
