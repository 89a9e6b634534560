using System.Text;
using Spectre.Console.Testing;

namespace CleanEventStore.Cli.Tests.Support;

/// <summary>What one run of the command app printed and returned.</summary>
public sealed record CesRun(int ExitCode, string Stdout, string Console, string Stderr)
{
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Runs the <c>ces</c> command app in-process, as the executable does, with test consoles for stdout and stderr and a
/// captured stdout stream for data (NDJSON); stdin is the given bytes.
/// </summary>
public static class Ces
{
    public static Task<CesRun> RunAsync(params string[] args) => RunAsync(args, null, default);

    public static async Task<CesRun> RunAsync(string[] args, Action<long>? afterImportBatch, CancellationToken cancellationToken, byte[]? stdin = null)
    {
        var output = new TestConsole().Width(400);
        var error = new TestConsole().Width(400);
        var data = new CaptureStream();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            OpenStandardOutput = () => data,
            OpenStandardInput = () => new MemoryStream(stdin ?? []),
            InteractiveProgress = false,
            PlainProgressInterval = TimeSpan.Zero,
            GetEnvironmentVariable = _ => null,
            AfterImportBatch = afterImportBatch,
        };
        var exitCode = await CesApp.RunAsync(args, environment, cancellationToken);
        return new CesRun(exitCode, data.Text, output.Output, error.Output);
    }

    /// <summary>Runs a command that runs until cancelled (a tail); <see cref="RunningCes.Stdout"/> can be read while it runs.</summary>
    public static RunningCes Start(params string[] args)
    {
        var data = new CaptureStream();
        var error = new TestConsole().Width(400);
        var stop = new CancellationTokenSource();
        var environment = new CliEnvironment
        {
            Out = new TestConsole().Width(400),
            Error = error,
            OpenStandardOutput = () => data,
            OpenStandardInput = () => new MemoryStream(),
            InteractiveProgress = false,
            GetEnvironmentVariable = _ => null,
        };
        var run = Task.Run(() => CesApp.RunAsync(args, environment, stop.Token));
        return new RunningCes(run, data, stop);
    }
}

/// <summary>A command running in the background.</summary>
public sealed class RunningCes(Task<int> run, CaptureStream data, CancellationTokenSource stop) : IDisposable
{
    public string Stdout => data.Text;

    public Task<int> Run => run;

    /// <summary>Ctrl+C: cancels the command and returns its exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        await stop.CancelAsync();
        return await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}

/// <summary>A stdout that keeps what is written (thread-safe, not closed by the command's dispose).</summary>
public sealed class CaptureStream : Stream
{
    private readonly MemoryStream _buffer = new();
    private readonly Lock _lock = new();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            }
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        lock (_lock)
        {
            _buffer.Write(buffer, offset, count);
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_lock)
        {
            _buffer.Write(buffer);
        }
    }

    public override void WriteByte(byte value)
    {
        lock (_lock)
        {
            _buffer.WriteByte(value);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }
}
