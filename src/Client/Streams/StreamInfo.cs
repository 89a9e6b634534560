namespace CleanEventStore.Client;

/// <summary>One stream of <c>GET /streams</c>.</summary>
/// <param name="Stream">The stream's name.</param>
/// <param name="Closed">Whether it is closed (readable, refusing commits).</param>
/// <param name="Version">Its number of events.</param>
/// <param name="Metadata">How the stream is maintained.</param>
public sealed record StreamInfo(string Stream, bool Closed, long Version, StreamDetails Metadata)
{
    /// <summary><c>write</c>, <c>type</c>, <c>tag</c> or <c>derived</c>.</summary>
    public string Kind => Metadata.Kind;
}
