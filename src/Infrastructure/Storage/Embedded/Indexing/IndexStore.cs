using System.Buffers;
using CleanEventStore.Infrastructure.Native;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

/// <summary>
/// The persisted indexes, written incrementally so that opening a store costs time proportional to the log tail
/// since the last checkpoint, not to the whole log:
/// <list type="bullet">
/// <item><c>positions.idx</c>: one i64 log address per global position;</item>
/// <item><c>memberships.idx</c>: (i32 stream id, i64 position) per stream membership, each stream's entries ascending;</item>
/// <item><c>catalog.dat</c>: stream definitions and closes, framed and CRC'd;</item>
/// <item><c>checkpoint.dat</c>: how much of each file, and of the log, the indexes cover (written last, atomically).</item>
/// </list>
/// Index files are flushed before the checkpoint that covers them is written, and the log is always flushed before
/// the index that points into it, so a checkpoint never references bytes that are not on disk.
/// </summary>
internal sealed class IndexStore : IDisposable
{
    private const string PositionsFileName = "positions.idx";
    private const string MembershipsFileName = "memberships.idx";
    private const string CatalogFileName = "catalog.dat";
    private const string CheckpointFileName = "checkpoint.dat";

    private readonly string _directory;
    private readonly SafeFileHandle _positions;
    private readonly SafeFileHandle _memberships;
    private readonly SafeFileHandle _catalog;
    private long _positionsLength;
    private long _membershipsLength;
    private long _catalogLength;

    private IndexStore(string directory, SafeFileHandle positions, SafeFileHandle memberships, SafeFileHandle catalog)
    {
        _directory = directory;
        _positions = positions;
        _memberships = memberships;
        _catalog = catalog;
    }

    private static ReadOnlySpan<byte> PositionsMagic => "CESPOS01"u8;

    private static ReadOnlySpan<byte> MembershipsMagic => "CESMEM01"u8;

    private static ReadOnlySpan<byte> CatalogMagic => "CESCAT01"u8;

    public long MembershipCount => (_membershipsLength - IndexFileHeader.Size) / MembershipsFile.EntrySize;

    public static IndexStore Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var positions = IndexFile.Open(directory, PositionsFileName);
        var memberships = IndexFile.Open(directory, MembershipsFileName);
        var catalog = IndexFile.Open(directory, CatalogFileName);
        PosixFileSystem.FsyncDirectory(directory);
        return new IndexStore(directory, positions, memberships, catalog);
    }

    /// <summary>
    /// Loads what the checkpoint covers into memory. Returns null (and loads nothing) when there is no usable
    /// checkpoint or a file is shorter or different than the checkpoint says: the caller then rebuilds from the log.
    /// </summary>
    public Checkpoint? TryLoad(AppendOnlyLongList positions, StreamCatalog catalog, Func<CatalogEntry, StreamState> createStream)
    {
        var checkpoint = ReadCheckpoint();
        if (checkpoint is not { } cp
            || !IndexFile.HasValidHeader(_positions, PositionsMagic)
            || !IndexFile.HasValidHeader(_memberships, MembershipsMagic)
            || !IndexFile.HasValidHeader(_catalog, CatalogMagic)
            || RandomAccess.GetLength(_positions) < cp.PositionsLength
            || RandomAccess.GetLength(_memberships) < cp.MembershipsLength
            || RandomAccess.GetLength(_catalog) < cp.CatalogLength
            || cp.PositionsLength != IndexFileHeader.Size + (cp.Head * sizeof(long)))
        {
            return null;
        }

        var entries = ReadCatalog(cp.CatalogLength);
        if (entries is null)
        {
            return null;
        }

        var closed = new HashSet<int>();
        if (CreateStreams(entries, closed, createStream) is not { } streams || streams.Count != cp.StreamCount)
        {
            return null;
        }

        PositionsFile.Load(_positions, positions, cp.Head);
        if (!MembershipsFile.Load(_memberships, streams, cp.MembershipsLength, cp.Head))
        {
            return null;
        }

        foreach (var stream in streams)
        {
            stream.Closed = closed.Contains(stream.Id);
            stream.CatalogPersisted = true;
            stream.PersistedCount = stream.Positions.Count;
            catalog.Add(stream);
        }

        _positionsLength = cp.PositionsLength;
        _membershipsLength = cp.MembershipsLength;
        _catalogLength = cp.CatalogLength;
        IndexFile.TruncateTo(_positions, _positionsLength);
        IndexFile.TruncateTo(_memberships, _membershipsLength);
        IndexFile.TruncateTo(_catalog, _catalogLength);
        return cp;
    }

    /// <summary>The streams the catalog defines, in id order, and (in <paramref name="closed"/>) the ids it closes; null when ids have gaps.</summary>
    private static List<StreamState>? CreateStreams(
        List<(CatalogEntry Entry, bool IsClose)> entries, HashSet<int> closed, Func<CatalogEntry, StreamState> createStream)
    {
        var streams = new List<StreamState>();
        foreach (var (entry, isClose) in entries)
        {
            if (isClose)
            {
                closed.Add(entry.Id);
            }
            else if (entry.Id != streams.Count)
            {
                return null;
            }
            else
            {
                streams.Add(createStream(entry));
            }
        }

        return streams;
    }

    /// <summary>Empties every index file (before a full rebuild from the log).</summary>
    public void Reset()
    {
        IndexFile.Reset(_positions, PositionsMagic);
        IndexFile.Reset(_memberships, MembershipsMagic);
        IndexFile.Reset(_catalog, CatalogMagic);
        _positionsLength = _membershipsLength = _catalogLength = IndexFileHeader.Size;
        var path = Path.Combine(_directory, CheckpointFileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        PosixFileSystem.FsyncDirectory(_directory);
    }

    /// <summary>
    /// Persists everything applied up to <paramref name="head"/> (log consumed up to <paramref name="resumeAddress"/>)
    /// and then writes the checkpoint. Runs on the writer thread, between groups.
    /// </summary>
    public Checkpoint WriteCheckpoint(
        long persistedHead,
        long head,
        long resumeAddress,
        AppendOnlyLongList positions,
        StreamCatalog catalog,
        IReadOnlyCollection<StreamState> dirtyStreams,
        long nowMs)
    {
        _positionsLength = PositionsFile.Append(_positions, _positionsLength, positions, persistedHead, head);
        AppendCatalog(catalog, dirtyStreams);
        _membershipsLength = MembershipsFile.Append(_memberships, _membershipsLength, dirtyStreams, head);
        RandomAccess.FlushToDisk(_positions);
        RandomAccess.FlushToDisk(_memberships);
        RandomAccess.FlushToDisk(_catalog);

        var checkpoint = new Checkpoint(head, resumeAddress, _positionsLength, _membershipsLength, _catalogLength, catalog.Count, nowMs);
        Span<byte> bytes = stackalloc byte[Checkpoint.Size];
        checkpoint.Format(bytes);
        IndexFile.WriteAtomically(_directory, CheckpointFileName, bytes);
        return checkpoint;
    }

    public void Dispose()
    {
        _positions.Dispose();
        _memberships.Dispose();
        _catalog.Dispose();
    }

    private Checkpoint? ReadCheckpoint()
    {
        var path = Path.Combine(_directory, CheckpointFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        return Checkpoint.TryParse(bytes);
    }

    private List<(CatalogEntry Entry, bool IsClose)>? ReadCatalog(long length)
    {
        var size = (int)(length - IndexFileHeader.Size);
        var bytes = new byte[size];
        IndexFile.ReadExactly(_catalog, bytes, IndexFileHeader.Size);
        return CatalogFile.Parse(bytes);
    }

    private void AppendCatalog(StreamCatalog catalog, IReadOnlyCollection<StreamState> dirtyStreams)
    {
        var writer = new ArrayBufferWriter<byte>();
        foreach (var stream in catalog.Snapshot())
        {
            if (stream.CatalogPersisted)
            {
                continue;
            }

            CatalogFile.AppendCreated(writer, stream);
            stream.CatalogPersisted = true;
        }

        foreach (var stream in dirtyStreams)
        {
            if (stream.ClosePending)
            {
                CatalogFile.AppendClosed(writer, stream.Id);
                stream.ClosePending = false;
            }
        }

        if (writer.WrittenCount > 0)
        {
            RandomAccess.Write(_catalog, writer.WrittenSpan, _catalogLength);
            _catalogLength += writer.WrittenCount;
        }
    }
}
