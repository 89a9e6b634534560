using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CleanEventStore.Client;

/// <summary>A server-side consumer: it has folded <see cref="Position"/> events of <see cref="Stream"/> into <see cref="State"/>.</summary>
/// <param name="Identifier">The consumer's identifier.</param>
/// <param name="Stream">The stream it consumes.</param>
/// <param name="Position">How many events of the stream it has processed.</param>
/// <param name="State">Its state, a JSON object.</param>
/// <param name="Status"><c>running</c>, <c>faulted</c> or <c>stopped</c>.</param>
/// <param name="Error">Why it is faulted, or null.</param>
/// <param name="FailedRevision">The revision of the event its handler failed on, or null.</param>
public sealed record ConsumerInfo(string Identifier, string Stream, long Position, JsonElement State, string Status, string? Error, long? FailedRevision)
{
    /// <summary>Deserialises <see cref="State"/> with a source-generated <paramref name="typeInfo"/>.</summary>
    public T? DeserializeState<T>(JsonTypeInfo<T> typeInfo) => State.Deserialize(typeInfo);
}
