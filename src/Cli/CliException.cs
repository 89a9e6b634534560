namespace CleanEventStore.Cli;

/// <summary>A failure the command explains in one line (no stack trace), with its exit code.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A usage error (exit code 2).</summary>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
