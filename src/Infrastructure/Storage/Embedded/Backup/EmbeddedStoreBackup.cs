using CleanEventStore.Application.Abstractions.Backup;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>
/// The embedded engine's online backup. <see cref="Capture"/> fixes what the archive holds without stopping the
/// writer (it takes no lock; it reads a few volatile fields and small files), in this order:
/// <list type="number">
/// <item>the consumer files (each is replaced atomically, so each read is one whole version); read first, so that no
/// consumer position in the archive is beyond the position P captured afterwards;</item>
/// <item>the idempotency snapshot, then the index checkpoint (both replaced atomically; the snapshot is written after
/// its checkpoint, so the one read first never covers more than the checkpoint read second), and the lengths of the
/// index files the checkpoint covers: those prefixes are append-only while the store runs;</item>
/// <item>the visible head H, then the segment list and each segment's committed length L (published after the group's
/// bytes are durable and before its head, so L covers every group up to H, and always ends at a commit boundary);</item>
/// <item>P: the position of the last event record below L, found by reading the few record headers from H's record to L.</item>
/// </list>
/// The bytes below each L, and the index prefixes, never change again, so <see cref="EmbeddedBackupArchive"/> then streams
/// them at leisure. See docs/architecture.md, "Online backup", for the consistency argument.
/// </summary>
internal sealed class EmbeddedStoreBackup(FileEventStore store, string dataDirectory, TimeProvider timeProvider) : IStoreBackup
{
    private const long MaxSmallFilesBytes = 256L * 1024 * 1024;

    private static readonly string[] IndexFiles = ["positions.idx", "memberships.idx", "catalog.dat"];

    public ValueTask<IStoreBackupArchive> CaptureAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IStoreBackupArchive>(Capture());
    }

    public EmbeddedBackupArchive Capture()
    {
        var createdAt = timeProvider.GetUtcNow();
        var directory = Path.GetFullPath(dataDirectory);
        var consumers = ReadConsumers(Path.Combine(directory, ConsumerFileStore.DirectoryName));
        var index = ReadIndex(Path.Combine(directory, "index"));

        var state = store.State;
        var head = state.Head;
        var segments = state.Segments;
        var lengths = new long[segments.Count];
        for (var i = 0; i < lengths.Length; i++)
        {
            lengths[i] = segments.All[i].CommittedLength;
        }

        var start = head == 0 ? segments.All[0].StartAddress : state.AddressOf(head);
        var position = FindLastPosition(segments, lengths, start, head);
        if (index.Count > 0 && !IsCovered(index, segments, lengths))
        {
            index.Clear();
        }

        var items = new List<BackupItem>();
        for (var i = 0; i < lengths.Length; i++)
        {
            var segment = segments.All[i];
            items.Add(BackupItem.FromFile("log/" + Segment.FileName(segment.Index), segment.Path, lengths[i]));
        }

        items.AddRange(index.Select(entry => entry.Item));
        items.AddRange(consumers);
        return new EmbeddedBackupArchive(items, position, createdAt, index.Count > 0);
    }

    /// <summary>
    /// Reads the record headers from <paramref name="start"/> (the record of position <paramref name="head"/>, or the
    /// log's start) to the captured lengths and returns the last event position, checking that positions follow on.
    /// </summary>
    private static long FindLastPosition(SegmentSet segments, long[] lengths, long start, long head)
    {
        var expected = head == 0 ? 1 : head;
        var last = head;
        Span<byte> bytes = stackalloc byte[RecordHeader.Size];
        for (var i = (int)(LogAddress.Segment(start) - segments.All[0].Index); i < lengths.Length; i++)
        {
            var segment = segments.All[i];
            var offset = segment.Index == LogAddress.Segment(start) ? LogAddress.Offset(start) : SegmentHeader.Size;
            while (offset + RecordHeader.Size <= lengths[i])
            {
                segment.ReadExactly(bytes, offset);
                var header = RecordHeader.Parse(bytes);
                if (header.BodyLength <= 0 || offset + header.TotalLength > lengths[i])
                {
                    throw new InvalidDataException($"The log has no whole record at {LogAddress.Describe(LogAddress.Make(segment.Index, offset))}, below its committed length.");
                }

                if (!header.IsSystem)
                {
                    if (header.Position != expected)
                    {
                        throw new InvalidDataException($"The log holds position {header.Position} at {LogAddress.Describe(LogAddress.Make(segment.Index, offset))}; {expected} was expected.");
                    }

                    last = expected++;
                }

                offset += header.TotalLength;
            }
        }

        return last;
    }

    private static bool IsCovered(List<(BackupItem Item, Checkpoint? Checkpoint)> index, SegmentSet segments, long[] lengths)
    {
        var checkpoint = index.Select(entry => entry.Checkpoint).FirstOrDefault(cp => cp is not null);
        if (checkpoint is not { } cp)
        {
            return false;
        }

        var segment = LogAddress.Segment(cp.ResumeAddress) - segments.All[0].Index;
        return segment >= 0 && segment < lengths.Length && LogAddress.Offset(cp.ResumeAddress) <= lengths[segment];
    }

    /// <summary>The idempotency snapshot, the checkpoint and the index prefixes it covers; nothing when there is no valid checkpoint.</summary>
    private static List<(BackupItem Item, Checkpoint? Checkpoint)> ReadIndex(string indexDirectory)
    {
        var result = new List<(BackupItem, Checkpoint?)>();
        var idempotency = TryReadAllBytes(Path.Combine(indexDirectory, "idempotency.dat"));
        var checkpointBytes = TryReadAllBytes(Path.Combine(indexDirectory, "checkpoint.dat"));
        if (checkpointBytes is null || Checkpoint.TryParse(checkpointBytes) is not { } checkpoint)
        {
            return result;
        }

        long[] lengths = [checkpoint.PositionsLength, checkpoint.MembershipsLength, checkpoint.CatalogLength];
        for (var i = 0; i < IndexFiles.Length; i++)
        {
            var path = Path.Combine(indexDirectory, IndexFiles[i]);
            if (!File.Exists(path) || new FileInfo(path).Length < lengths[i])
            {
                result.Clear();
                return result;
            }

            result.Add((BackupItem.FromFile("index/" + IndexFiles[i], path, lengths[i]), null));
        }

        result.Add((BackupItem.FromBytes("index/checkpoint.dat", checkpointBytes), checkpoint));
        if (idempotency is not null)
        {
            result.Add((BackupItem.FromBytes("index/idempotency.dat", idempotency), null));
        }

        return result;
    }

    private static List<BackupItem> ReadConsumers(string directory)
    {
        var items = new List<BackupItem>();
        if (!Directory.Exists(directory))
        {
            return items;
        }

        long total = 0;
        var names = Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (!BackupPaths.IsConsumerFile(name!) || TryReadAllBytes(Path.Combine(directory, name!)) is not { } bytes)
            {
                continue;
            }

            total += bytes.Length;
            if (total > MaxSmallFilesBytes)
            {
                throw new InvalidOperationException($"The consumer files exceed {MaxSmallFilesBytes} bytes; an online backup holds them in memory.");
            }

            items.Add(BackupItem.FromBytes(ConsumerFileStore.DirectoryName + "/" + name, bytes));
        }

        return items;
    }

    private static byte[]? TryReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
