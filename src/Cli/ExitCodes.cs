namespace CleanEventStore.Cli;

/// <summary>The exit codes of <c>ces</c> (documented in the README).</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command failed: the server refused, could not be reached, the input is malformed, the target conflicts.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing or invalid value.</summary>
    public const int Usage = 2;

    /// <summary><c>verify</c> found damage (reserved for the verify command).</summary>
    public const int Damaged = 3;

    /// <summary>Interrupted by Ctrl+C before it finished (export, import, backup; a tail ends with 0).</summary>
    public const int Interrupted = 130;
}
