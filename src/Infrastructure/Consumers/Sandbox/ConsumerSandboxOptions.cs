namespace CleanEventStore.Infrastructure.Consumers.Sandbox;

/// <summary>
/// Limits of the JavaScript sandbox that runs consumer handlers (configuration section
/// <c>EventStore:ConsumerSandbox</c>). Every limit applies to one handler call (one event) and to evaluating the
/// handler source when a consumer is started. Handlers have no access to .NET.
/// </summary>
public sealed class ConsumerSandboxOptions
{
    public const string SectionName = "EventStore:ConsumerSandbox";

    /// <summary>Statements one call may execute.</summary>
    public int MaxStatements { get; set; } = 1_000_000;

    /// <summary>Wall-clock time one call may take, in milliseconds (also bounds regular expressions).</summary>
    public int TimeoutMs { get; set; } = 1_000;

    /// <summary>Bytes one call may allocate.</summary>
    public long MemoryLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Deepest JavaScript call nesting.</summary>
    public int MaxRecursionDepth { get; set; } = 256;

    /// <summary>Returns the configuration errors, empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxStatements <= 0)
        {
            errors.Add($"{SectionName}:{nameof(MaxStatements)} must be positive.");
        }

        if (TimeoutMs <= 0)
        {
            errors.Add($"{SectionName}:{nameof(TimeoutMs)} must be positive.");
        }

        if (MemoryLimitBytes < 1024 * 1024)
        {
            errors.Add($"{SectionName}:{nameof(MemoryLimitBytes)} must be at least 1 MiB.");
        }

        if (MaxRecursionDepth <= 0)
        {
            errors.Add($"{SectionName}:{nameof(MaxRecursionDepth)} must be positive.");
        }

        return errors;
    }
}
