using System.Text.Json;
using System.Text.Json.Serialization;

namespace CleanEventStore.Cli.Import;

/// <summary>
/// Where an import of a file into a server got to: every line up to <see cref="Line"/> is committed. Kept next to the
/// input (<c>FILE.ces-import</c>), written atomically after commits (at most once a second) and at the end, so a
/// re-run after an interruption continues after that line instead of sending every batch again.
/// </summary>
internal sealed record ImportCheckpoint(string Target, long InputLength, long Line, long Events, bool Complete)
{
    public static ImportCheckpoint? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), CheckpointJsonContext.Default.ImportCheckpoint) : null;
        }
        catch (JsonException)
        {
            return null; // A damaged checkpoint only costs a slower resume: the versions still protect the target.
        }
    }

    public void Write(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, CheckpointJsonContext.Default.ImportCheckpoint));
        File.Move(temporary, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ImportCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
