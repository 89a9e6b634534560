namespace CleanEventStore.Application.Consumers.Common;

/// <summary>Limits on what a consumer definition may hold.</summary>
public static class ConsumerLimits
{
    /// <summary>Largest handler source, in UTF-8 bytes (64 KiB).</summary>
    public const int MaxHandlerBytes = 64 * 1024;

    /// <summary>Deepest nesting of the initial state (the state object itself is level 1).</summary>
    public const int MaxStateDepth = 64;

    /// <summary>
    /// Deepest nesting of a state a handler may return (a deeper one faults the consumer), so that every stored state
    /// can be parsed and written back.
    /// </summary>
    public const int MaxHandlerStateDepth = 512;
}
