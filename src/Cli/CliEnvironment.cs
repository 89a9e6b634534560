using Spectre.Console;

namespace CleanEventStore.Cli;

/// <summary>
/// Where a command writes and reads: <see cref="Out"/> for tables and human answers on stdout, <see cref="Error"/> for
/// messages and progress on stderr, <see cref="OpenStandardOutput"/> for data (NDJSON) on stdout. The tests replace them.
/// </summary>
public sealed class CliEnvironment
{
    public required IAnsiConsole Out { get; init; }

    public required IAnsiConsole Error { get; init; }

    public required Func<Stream> OpenStandardOutput { get; init; }

    public required Func<Stream> OpenStandardInput { get; init; }

    /// <summary>True when stderr is a terminal that can redraw a progress bar; else progress is one plain line per step.</summary>
    public required bool InteractiveProgress { get; init; }

    /// <summary>Reads an environment variable (<c>CES_SERVER</c>, <c>CES_API_KEY</c>).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>How often the plain progress output writes a line.</summary>
    public TimeSpan PlainProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Called after each import batch is on the target with the number of input events done (tests interrupt an import with it).</summary>
    public Action<long>? AfterImportBatch { get; init; }

    /// <summary>The process's own consoles and streams.</summary>
    public static CliEnvironment FromProcess()
    {
        var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            error.Profile.Width = 1000; // A log file: one message per line, not wrapped at 80 columns.
        }

        return new CliEnvironment
        {
            Out = AnsiConsole.Console,
            Error = error,
            OpenStandardOutput = Console.OpenStandardOutput,
            OpenStandardInput = Console.OpenStandardInput,
            InteractiveProgress = !Console.IsErrorRedirected && error.Profile.Capabilities.Interactive,
        };
    }
}
