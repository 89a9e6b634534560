using System.Text.Json;
using CleanEventStore.Application.Common.Json;

namespace CleanEventStore.Application.Streams.CommitEvents;

/// <summary>Rules for the client metadata of a commit, which the store merges into every event's metadata.</summary>
public static class CommitMetadata
{
    /// <summary>Keys the store writes itself; a client may not set them (the original let it, and lost data).</summary>
    public static readonly IReadOnlyList<string> ReservedKeys =
        ["commitId", "committedAt", "commitVersion", "commitSize", "streamVersion", "position"];

    /// <summary>The first top-level key of the metadata object that is reserved, or null.</summary>
    public static string? FindReservedKey(ReadOnlySpan<byte> metadataObject)
    {
        var reader = new Utf8JsonReader(metadataObject);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            foreach (var key in ReservedKeys)
            {
                if (reader.NameIs(key))
                {
                    return key;
                }
            }

            reader.Read();
            reader.Skip();
        }

        return null;
    }

    /// <summary>The members of a compact metadata object without its braces (empty for none, null or <c>{}</c>).</summary>
    public static ReadOnlyMemory<byte> Members(ReadOnlyMemory<byte> metadata)
    {
        if (metadata.Length < 2 || metadata.Span[0] != (byte)'{')
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return metadata[1..^1];
    }
}
