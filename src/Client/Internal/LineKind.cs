namespace CleanEventStore.Client;

/// <summary>What an NDJSON line of a read or a follow holds.</summary>
internal enum LineKind
{
    /// <summary>A stored event document.</summary>
    Event,

    /// <summary><c>{"caughtUp":{"position":P}}</c>.</summary>
    CaughtUp,

    /// <summary><c>{"heartbeat":{"position":P}}</c>.</summary>
    Heartbeat,

    /// <summary>Another control line (such as <c>fellBehind</c>), which the client skips.</summary>
    Other,
}
