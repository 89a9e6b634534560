using System.Buffers;
using System.Text.Json;
using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>
/// A consumer definition as stored: the definition itself, its <paramref name="Generation"/> (incremented by every
/// replacement; a checkpoint only counts for the generation it was written for) and <paramref name="Order"/> (the
/// creation order that <c>GET /consumers</c> keeps across restarts). The body is JSON.
/// </summary>
internal sealed record PersistedDefinition(ConsumerDefinition Definition, long Generation, long Order)
{
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + Definition.Handler.Length + Definition.InitialState.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("identifier", Definition.Id.Value);
            writer.WriteString("stream", Definition.Stream.Value);
            writer.WriteString("handler", Definition.Handler);
            writer.WritePropertyName("state");
            writer.WriteRawValue(Definition.InitialState, skipInputValidation: true);
            writer.WriteNumber("from", Definition.From);
            writer.WriteNumber("generation", Generation);
            writer.WriteNumber("order", Order);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored definition; null when it is not one.</summary>
    public static PersistedDefinition? Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 128 });
            var root = document.RootElement;
            if (!ConsumerId.TryParse(root.GetProperty("identifier").GetString(), out var id)
                || !StreamName.TryParse(root.GetProperty("stream").GetString(), allowAll: true, out var stream))
            {
                return null;
            }

            var state = root.GetProperty("state");
            var definition = new ConsumerDefinition(
                id,
                stream,
                root.GetProperty("handler").GetString() ?? string.Empty,
                state.GetRawText(),
                root.GetProperty("from").GetInt64());
            return new PersistedDefinition(definition, root.GetProperty("generation").GetInt64(), root.GetProperty("order").GetInt64());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
