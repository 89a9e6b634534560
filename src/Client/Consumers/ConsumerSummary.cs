namespace CleanEventStore.Client;

/// <summary>One consumer of <c>GET /consumers</c>.</summary>
/// <param name="Identifier">The consumer's identifier.</param>
/// <param name="Stream">The stream it consumes.</param>
/// <param name="Status"><c>running</c>, <c>faulted</c> or <c>stopped</c>.</param>
public sealed record ConsumerSummary(string Identifier, string Stream, string Status);
