using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// The last entry of a backup archive, <c>MANIFEST.json</c>: format name and version, the position the archive
/// stands for, when it was taken, whether it carries the index checkpoint, and every file with its length and
/// SHA-256. It comes last because the checksums are computed while the files stream out (like a zip's central
/// directory); restore checks every file against it before the restored directory appears.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">The archive layout version (<see cref="CurrentVersion"/>).</param>
/// <param name="Position">Global position P: the archive holds events 1..P and nothing after.</param>
/// <param name="CreatedAt">When the backup was captured (UTC).</param>
/// <param name="HasIndex">True when the index checkpoint is included (the restored store opens without a full replay).</param>
/// <param name="Files">Every file of the archive except the manifest, in archive order.</param>
public sealed record BackupManifest(string Format, int Version, long Position, DateTimeOffset CreatedAt, bool HasIndex, IReadOnlyList<BackupFile> Files)
{
    /// <summary>The manifest's entry name, the archive's last entry.</summary>
    public const string EntryName = "MANIFEST.json";

    /// <summary>The format name every manifest carries.</summary>
    public const string FormatName = "cleaneventstore-backup";

    /// <summary>The layout version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The largest manifest restore accepts.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The manifest as UTF-8 JSON.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("version", Version);
            writer.WriteNumber("position", Position);
            writer.WriteString("createdAt", CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteBoolean("index", HasIndex);
            writer.WriteStartArray("files");
            foreach (var file in Files)
            {
                writer.WriteStartObject();
                writer.WriteString("path", file.Path);
                writer.WriteNumber("length", file.Length);
                writer.WriteString("sha256", file.Sha256);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses and checks a manifest; throws <see cref="BackupArchiveException"/> naming what is wrong.</summary>
    public static BackupManifest Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var format = root.GetProperty("format").GetString();
            if (format != FormatName)
            {
                throw new BackupArchiveException($"The archive's manifest names the format '{format}', not '{FormatName}': this is not a CleanEventStore backup.", EntryName);
            }

            var version = root.GetProperty("version").GetInt32();
            if (version != CurrentVersion)
            {
                throw new BackupArchiveException($"The archive has layout version {version}; this build restores version {CurrentVersion}.", EntryName);
            }

            var files = new List<BackupFile>();
            foreach (var file in root.GetProperty("files").EnumerateArray())
            {
                files.Add(new BackupFile(file.GetProperty("path").GetString()!, file.GetProperty("length").GetInt64(), file.GetProperty("sha256").GetString()!));
            }

            return new BackupManifest(
                format,
                version,
                root.GetProperty("position").GetInt64(),
                DateTimeOffset.Parse(root.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                root.GetProperty("index").GetBoolean(),
                files);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackupArchiveException($"The archive's manifest is damaged: {exception.Message}", EntryName, exception);
        }
    }
}
