using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Native;

namespace CleanEventStore.Infrastructure.Consumers.Persistence;

/// <summary>
/// The files of the consumers under <c>&lt;StorageDirectory&gt;/consumers</c>:
/// <list type="bullet">
/// <item><c>&lt;id&gt;.consumer</c>: the definition (handler source, initial state, stream, from, generation, order);</item>
/// <item><c>&lt;id&gt;.checkpoint.0</c> and <c>.1</c>: the pair (position, state) written alternately, so that the
/// previous pair survives when the newest file is damaged.</item>
/// </list>
/// Every file is replaced atomically: write a temporary file, fsync it, rename it over the target, fsync the
/// directory (the fsyncs are skipped with <c>Durability = OsBuffered</c>). A CRC-32C detects a damaged file, which
/// is then ignored. Identifiers are restricted to <c>[A-Za-z0-9_-]</c>, so they are safe as file names.
/// Not thread-safe per consumer: the caller serialises the writes of one consumer. One node owns the directory,
/// so the writes of <see cref="IConsumerStore"/> are unconditional.
/// </summary>
internal sealed class ConsumerFileStore : IConsumerStore
{
    public const string DirectoryName = "consumers";
    private const string DefinitionExtension = ".consumer";
    private const string CheckpointInfix = ".checkpoint.";
    private const string TemporaryExtension = ".tmp";

    private readonly string _directory;
    private readonly bool _fsync;

    public ConsumerFileStore(string storageDirectory, bool fsync)
    {
        _directory = Path.Combine(Path.GetFullPath(storageDirectory), DirectoryName);
        _fsync = fsync;
    }

    public string DirectoryPath => _directory;

    string IConsumerStore.Location => _directory;

    /// <summary>Every readable consumer in creation order, and the names of definition files that could not be read.</summary>
    public (IReadOnlyList<StoredConsumer> Consumers, IReadOnlyList<string> Damaged) LoadAll()
    {
        var consumers = new List<StoredConsumer>();
        var damaged = new List<string>();
        if (!Directory.Exists(_directory))
        {
            return (consumers, damaged);
        }

        var definitions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + DefinitionExtension))
        {
            var name = Path.GetFileName(path)[..^DefinitionExtension.Length];
            definitions.Add(name);
            var body = ReadFile(path, ConsumerFileKind.Definition);
            var definition = body is null ? null : PersistedDefinition.Parse(body.Value);
            if (definition is null || definition.Definition.Id.Value != name)
            {
                damaged.Add(Path.GetFileName(path));
                continue;
            }

            consumers.Add(new StoredConsumer(definition, LatestCheckpoint(definition.Definition.Id, definition.Generation)));
        }

        RemoveLeftovers(definitions);
        consumers.Sort((a, b) => a.Definition.Order.CompareTo(b.Definition.Order));
        return (consumers, damaged);
    }

    public ValueTask<ConsumerStoreContents> LoadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (consumers, damaged) = LoadAll();
        return ValueTask.FromResult(new ConsumerStoreContents(consumers, damaged));
    }

    /// <summary>Writes the definition, then its first checkpoint; the proposed generation and order are kept.</summary>
    public ValueTask<PersistedDefinition> SaveDefinitionAsync(PersistedDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        WriteDefinition(definition);
        WriteCheckpoint(definition.Definition.Id, ConsumerCheckpoint.Initial(definition));
        return ValueTask.FromResult(definition);
    }

    public ValueTask<bool> SaveProgressAsync(ConsumerId id, ConsumerCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        WriteCheckpoint(id, checkpoint);
        return ValueTask.FromResult(true);
    }

    public ValueTask DeleteAsync(ConsumerId id, CancellationToken cancellationToken)
    {
        Delete(id);
        return ValueTask.CompletedTask;
    }

    public void WriteDefinition(PersistedDefinition definition) =>
        WriteAtomically(DefinitionPath(definition.Definition.Id), ConsumerFileCodec.Frame(ConsumerFileKind.Definition, definition.ToJson()));

    /// <summary>Writes the checkpoint into slot <c>Sequence % 2</c>, leaving the previous one in the other slot.</summary>
    public void WriteCheckpoint(ConsumerId id, ConsumerCheckpoint checkpoint) =>
        WriteAtomically(CheckpointPath(id, (int)(checkpoint.Sequence & 1)), ConsumerFileCodec.Frame(ConsumerFileKind.Checkpoint, checkpoint.ToBody()));

    /// <summary>Removes the definition first (so that a crash half-way leaves only ignorable checkpoints), then the checkpoints.</summary>
    public void Delete(ConsumerId id)
    {
        File.Delete(DefinitionPath(id));
        File.Delete(CheckpointPath(id, 0));
        File.Delete(CheckpointPath(id, 1));
        if (_fsync && Directory.Exists(_directory))
        {
            PosixFileSystem.FsyncDirectory(_directory);
        }
    }

    /// <summary>The newest undamaged checkpoint written for <paramref name="generation"/>, or null.</summary>
    public ConsumerCheckpoint? LatestCheckpoint(ConsumerId id, long generation)
    {
        ConsumerCheckpoint? latest = null;
        for (var slot = 0; slot < 2; slot++)
        {
            var body = ReadFile(CheckpointPath(id, slot), ConsumerFileKind.Checkpoint);
            if (body is not null
                && ConsumerCheckpoint.Parse(body.Value.Span) is { } checkpoint
                && checkpoint.Generation == generation
                && (latest is null || checkpoint.Sequence > latest.Sequence))
            {
                latest = checkpoint;
            }
        }

        return latest;
    }

    private string DefinitionPath(ConsumerId id) => Path.Combine(_directory, id.Value + DefinitionExtension);

    private string CheckpointPath(ConsumerId id, int slot) => Path.Combine(_directory, id.Value + CheckpointInfix + slot.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static ReadOnlyMemory<byte>? ReadFile(string path, ConsumerFileKind kind)
    {
        try
        {
            return ConsumerFileCodec.Unframe(kind, File.ReadAllBytes(path));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes temporary files and checkpoints whose definition is gone (a crash during a write or a delete).</summary>
    private void RemoveLeftovers(HashSet<string> definitions)
    {
        foreach (var path in Directory.EnumerateFiles(_directory))
        {
            var name = Path.GetFileName(path);
            var checkpoint = name.IndexOf(CheckpointInfix, StringComparison.Ordinal);
            if (name.EndsWith(TemporaryExtension, StringComparison.Ordinal)
                || (checkpoint > 0 && !definitions.Contains(name[..checkpoint])))
            {
                File.Delete(path);
            }
        }
    }

    private void WriteAtomically(string path, byte[] contents)
    {
        if (!Directory.Exists(_directory))
        {
            Directory.CreateDirectory(_directory);
            if (_fsync)
            {
                PosixFileSystem.FsyncDirectory(Path.GetDirectoryName(_directory)!);
            }
        }

        var temporary = path + TemporaryExtension;
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, contents.Length))
        {
            RandomAccess.Write(handle, contents, 0);
            if (_fsync)
            {
                RandomAccess.FlushToDisk(handle);
            }
        }

        File.Move(temporary, path, overwrite: true);
        if (_fsync)
        {
            PosixFileSystem.FsyncDirectory(_directory);
        }
    }
}
