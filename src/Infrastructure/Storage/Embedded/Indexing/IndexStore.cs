using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using CleanEventStore.Domain.Streams;
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
    public const int MembershipEntrySize = 12;
    private const string PositionsFile = "positions.idx";
    private const string MembershipsFile = "memberships.idx";
    private const string CatalogFile = "catalog.dat";
    private const string CheckpointFile = "checkpoint.dat";
    private const byte CatalogCreated = 1;
    private const byte CatalogClosed = 2;

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

    public long MembershipCount => (_membershipsLength - IndexFileHeader.Size) / MembershipEntrySize;

    public static IndexStore Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var positions = OpenFile(directory, PositionsFile);
        var memberships = OpenFile(directory, MembershipsFile);
        var catalog = OpenFile(directory, CatalogFile);
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
            || !HasValidHeader(_positions, PositionsMagic)
            || !HasValidHeader(_memberships, MembershipsMagic)
            || !HasValidHeader(_catalog, CatalogMagic)
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

        if (streams.Count != cp.StreamCount)
        {
            return null;
        }

        LoadPositions(positions, cp.Head);
        if (!LoadMemberships(streams, cp.MembershipsLength, cp.Head))
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
        TruncateTo(_positions, _positionsLength);
        TruncateTo(_memberships, _membershipsLength);
        TruncateTo(_catalog, _catalogLength);
        return cp;
    }

    /// <summary>Empties every index file (before a full rebuild from the log).</summary>
    public void Reset()
    {
        ResetFile(_positions, PositionsMagic);
        ResetFile(_memberships, MembershipsMagic);
        ResetFile(_catalog, CatalogMagic);
        _positionsLength = _membershipsLength = _catalogLength = IndexFileHeader.Size;
        var path = Path.Combine(_directory, CheckpointFile);
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
        AppendPositions(positions, persistedHead, head);
        AppendCatalog(catalog, dirtyStreams);
        AppendMemberships(dirtyStreams, head);
        RandomAccess.FlushToDisk(_positions);
        RandomAccess.FlushToDisk(_memberships);
        RandomAccess.FlushToDisk(_catalog);

        var checkpoint = new Checkpoint(head, resumeAddress, _positionsLength, _membershipsLength, _catalogLength, catalog.Count, nowMs);
        Span<byte> bytes = stackalloc byte[Checkpoint.Size];
        checkpoint.Format(bytes);
        WriteAtomically(_directory, CheckpointFile, bytes);
        return checkpoint;
    }

    /// <summary>Writes a small file through a temporary file, flush and rename, then flushes the directory.</summary>
    public static void WriteAtomically(string directory, string fileName, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(directory, fileName);
        var temporary = path + ".tmp";
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, content, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path, overwrite: true);
        PosixFileSystem.FsyncDirectory(directory);
    }

    public void Dispose()
    {
        _positions.Dispose();
        _memberships.Dispose();
        _catalog.Dispose();
    }

    private Checkpoint? ReadCheckpoint()
    {
        var path = Path.Combine(_directory, CheckpointFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        return Checkpoint.TryParse(bytes);
    }

    private void LoadPositions(AppendOnlyLongList positions, long head)
    {
        const int Batch = 64 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Batch * sizeof(long));
        var values = ArrayPool<long>.Shared.Rent(Batch);
        try
        {
            long loaded = 0;
            while (loaded < head)
            {
                var take = (int)Math.Min(Batch, head - loaded);
                var bytes = buffer.AsSpan(0, take * sizeof(long));
                ReadExactly(_positions, bytes, IndexFileHeader.Size + (loaded * sizeof(long)));
                for (var i = 0; i < take; i++)
                {
                    values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * sizeof(long))..]);
                }

                positions.AppendRange(values.AsSpan(0, take));
                loaded += take;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<long>.Shared.Return(values);
        }
    }

    private bool LoadMemberships(List<StreamState> streams, long length, long head)
    {
        const int Batch = 64 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Batch * MembershipEntrySize);
        try
        {
            var offset = (long)IndexFileHeader.Size;
            while (offset < length)
            {
                var take = (int)Math.Min(Batch * MembershipEntrySize, length - offset);
                var bytes = buffer.AsSpan(0, take);
                ReadExactly(_memberships, bytes, offset);
                for (var i = 0; i + MembershipEntrySize <= take; i += MembershipEntrySize)
                {
                    var id = BinaryPrimitives.ReadInt32LittleEndian(bytes[i..]);
                    var position = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i + 4)..]);
                    if ((uint)id >= (uint)streams.Count || position < 1 || position > head)
                    {
                        return false;
                    }

                    var list = streams[id].Positions;
                    var count = list.Count;
                    if (count > 0 && list[count - 1] >= position)
                    {
                        return false;
                    }

                    list.Append(position);
                }

                offset += take;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private List<(CatalogEntry Entry, bool IsClose)>? ReadCatalog(long length)
    {
        var size = (int)(length - IndexFileHeader.Size);
        var bytes = new byte[size];
        ReadExactly(_catalog, bytes, IndexFileHeader.Size);
        var entries = new List<(CatalogEntry, bool)>();
        var span = bytes.AsSpan();
        while (!span.IsEmpty)
        {
            if (span.Length < 8)
            {
                return null;
            }

            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(span);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
            if (payloadLength < 1 || payloadLength > span.Length - 8)
            {
                return null;
            }

            var payload = span.Slice(8, payloadLength);
            if (Crc32C.Compute(payload) != crc)
            {
                return null;
            }

            if (payload[0] == CatalogClosed)
            {
                entries.Add((new CatalogEntry(BinaryPrimitives.ReadInt32LittleEndian(payload[1..]), StreamKind.Write, string.Empty, 0, null), true));
            }
            else if (payload[0] == CatalogCreated)
            {
                var id = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
                var kind = (StreamKind)payload[5];
                var first = BinaryPrimitives.ReadInt64LittleEndian(payload[6..]);
                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[14..]);
                var name = Encoding.UTF8.GetString(payload.Slice(16, nameLength));
                var matcherLength = BinaryPrimitives.ReadInt32LittleEndian(payload[(16 + nameLength)..]);
                var matcher = matcherLength > 0 ? Encoding.UTF8.GetString(payload.Slice(20 + nameLength, matcherLength)) : null;
                entries.Add((new CatalogEntry(id, kind, name, first, matcher), false));
            }
            else
            {
                return null;
            }

            span = span[(8 + payloadLength)..];
        }

        return entries;
    }

    private void AppendPositions(AppendOnlyLongList positions, long from, long to)
    {
        if (to <= from)
        {
            return;
        }

        const int Batch = 64 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Batch * sizeof(long));
        try
        {
            for (var next = from; next < to;)
            {
                var take = (int)Math.Min(Batch, to - next);
                for (var i = 0; i < take; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(i * sizeof(long)), positions[next + i]);
                }

                RandomAccess.Write(_positions, buffer.AsSpan(0, take * sizeof(long)), _positionsLength);
                _positionsLength += take * sizeof(long);
                next += take;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

            var name = Encoding.UTF8.GetBytes(stream.Name.Value);
            var matcher = stream.Matcher is null ? [] : Encoding.UTF8.GetBytes(stream.Matcher.Json);
            var payload = new byte[1 + 4 + 1 + 8 + 2 + name.Length + 4 + matcher.Length];
            payload[0] = CatalogCreated;
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(1), stream.Id);
            payload[5] = (byte)stream.Kind;
            BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(6), stream.FirstPosition);
            BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(14), (ushort)name.Length);
            name.CopyTo(payload.AsSpan(16));
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(16 + name.Length), matcher.Length);
            matcher.CopyTo(payload.AsSpan(20 + name.Length));
            AppendFramed(writer, payload);
            stream.CatalogPersisted = true;
        }

        Span<byte> closed = stackalloc byte[5];
        foreach (var stream in dirtyStreams)
        {
            if (stream.ClosePending)
            {
                closed[0] = CatalogClosed;
                BinaryPrimitives.WriteInt32LittleEndian(closed[1..], stream.Id);
                AppendFramed(writer, closed);
                stream.ClosePending = false;
            }
        }

        if (writer.WrittenCount > 0)
        {
            RandomAccess.Write(_catalog, writer.WrittenSpan, _catalogLength);
            _catalogLength += writer.WrittenCount;
        }
    }

    private void AppendMemberships(IReadOnlyCollection<StreamState> dirtyStreams, long head)
    {
        const int BatchBytes = 64 * 1024 * MembershipEntrySize;
        var buffer = ArrayPool<byte>.Shared.Rent(BatchBytes);
        try
        {
            var used = 0;
            foreach (var stream in dirtyStreams)
            {
                var upTo = stream.VisibleCount(head);
                var positions = stream.Positions;
                for (var i = stream.PersistedCount; i < upTo; i++)
                {
                    if (used == BatchBytes)
                    {
                        WriteMemberships(buffer.AsSpan(0, used));
                        used = 0;
                    }

                    var entry = buffer.AsSpan(used, MembershipEntrySize);
                    BinaryPrimitives.WriteInt32LittleEndian(entry, stream.Id);
                    BinaryPrimitives.WriteInt64LittleEndian(entry[4..], positions[i]);
                    used += MembershipEntrySize;
                }

                stream.PersistedCount = upTo;
            }

            WriteMemberships(buffer.AsSpan(0, used));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteMemberships(ReadOnlySpan<byte> entries)
    {
        if (!entries.IsEmpty)
        {
            RandomAccess.Write(_memberships, entries, _membershipsLength);
            _membershipsLength += entries.Length;
        }
    }

    private static void AppendFramed(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(8 + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32C.Compute(payload));
        payload.CopyTo(span[8..]);
        writer.Advance(8 + payload.Length);
    }

    private static SafeFileHandle OpenFile(string directory, string name) =>
        File.OpenHandle(Path.Combine(directory, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

    private static bool HasValidHeader(SafeFileHandle handle, ReadOnlySpan<byte> magic)
    {
        Span<byte> header = stackalloc byte[IndexFileHeader.Size];
        return RandomAccess.Read(handle, header, 0) == IndexFileHeader.Size && IndexFileHeader.IsValid(header, magic);
    }

    private static void ResetFile(SafeFileHandle handle, ReadOnlySpan<byte> magic)
    {
        Span<byte> header = stackalloc byte[IndexFileHeader.Size];
        IndexFileHeader.Format(header, magic);
        RandomAccess.SetLength(handle, 0);
        RandomAccess.Write(handle, header, 0);
        RandomAccess.FlushToDisk(handle);
    }

    private static void TruncateTo(SafeFileHandle handle, long length)
    {
        if (RandomAccess.GetLength(handle) > length)
        {
            RandomAccess.SetLength(handle, length);
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read <= 0)
            {
                throw new EndOfStreamException("An index file ended before the length its checkpoint records.");
            }

            destination = destination[read..];
            offset += read;
        }
    }
}
