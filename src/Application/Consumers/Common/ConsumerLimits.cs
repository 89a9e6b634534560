namespace CleanEventStore.Application.Consumers.Common;

/// <summary>Limits on what a consumer definition may hold.</summary>
public static class ConsumerLimits
{
    /// <summary>Largest handler source, in UTF-8 bytes (64 KiB).</summary>
    public const int MaxHandlerBytes = 64 * 1024;

    /// <summary>Deepest nesting of the initial state (the state object itself is level 1).</summary>
    public const int MaxStateDepth = 64;
}
