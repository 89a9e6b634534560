using System.Buffers;
using System.Buffers.Binary;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using Microsoft.Win32.SafeHandles;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>One run of <see cref="StoreVerifier"/>: reads the log, then the indexes against it, then the consumer files.</summary>
internal sealed class StoreVerification(string directory, StoreVerifyOptions options, CancellationToken cancellationToken)
{
    private const int ReadBufferSize = 1024 * 1024;

    private readonly List<StoreVerifyProblem> _problems = [];
    private readonly Dictionary<string, int> _perKind = new(StringComparer.Ordinal);
    private readonly AppendOnlyLongList _addresses = new();
    private readonly Dictionary<long, long> _segmentEnds = [];
    private bool _inUse;
    private int _segments;
    private long _records;
    private long _bytes;

    public StoreVerifyReport Run()
    {
        using var held = TakeLock();
        VerifyLog();
        var indexedHead = VerifyIndex();
        var consumers = VerifyConsumers();
        return new StoreVerifyReport(directory, _inUse, _segments, _records, _addresses.Count, _bytes, indexedHead, consumers, _problems);
    }

    /// <summary>The directory's lock, held while verifying; null when there is no lock file, or (allowed) a server holds it.</summary>
    private SafeFileHandle? TakeLock()
    {
        var path = Path.Combine(directory, "LOCK");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.None);
        }
        catch (IOException exception)
        {
            if (!options.AllowInUse)
            {
                throw new DataDirectoryInUseException(directory, path, DataDirectoryLock.Holder(path), exception);
            }

            _inUse = true;
            return null;
        }
    }

    private void VerifyLog()
    {
        var logDirectory = Path.Combine(directory, "log");
        var indexes = new List<long>();
        if (Directory.Exists(logDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(logDirectory, "*.seg"))
            {
                if (Segment.TryParseFileName(Path.GetFileName(path), out var index))
                {
                    indexes.Add(index);
                }
            }
        }

        indexes.Sort();
        if (indexes.Count == 0)
        {
            Report(StoreVerifySeverity.Error, "log", null, "no-segments", "The directory has no log segment (log/*.seg).");
            return;
        }

        for (var i = 0; i < indexes.Count; i++)
        {
            if (indexes[i] != i)
            {
                Report(StoreVerifySeverity.Error, "log", null, "segment-missing", $"Log segment {Segment.FileName(i)} is missing (found {Segment.FileName(indexes[i])}).");
                return;
            }
        }

        var lastCommitEnd = true;
        for (var i = 0; i < indexes.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lastCommitEnd = VerifySegment(indexes[i], i == indexes.Count - 1, lastCommitEnd);
            _segments++;
        }

        if (!lastCommitEnd)
        {
            Report(Tail(), "log/" + Segment.FileName(indexes[^1]), null, "torn-tail", "The log ends inside a commit (its last record is not a commit end): recovery cuts that unacknowledged commit.");
        }
    }

    /// <summary>Reads one segment record by record; returns whether its last record ends a commit.</summary>
    private bool VerifySegment(long index, bool isLast, bool commitEnded)
    {
        var name = "log/" + Segment.FileName(index);
        var path = Path.Combine(directory, "log", Segment.FileName(index));
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite,
            BufferSize = ReadBufferSize,
            Options = FileOptions.SequentialScan,
        });
        var length = stream.Length;
        Span<byte> headerBytes = stackalloc byte[RecordHeader.Size];
        var header = new byte[SegmentHeader.Size];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            Report(isLast ? Tail() : StoreVerifySeverity.Error, name, 0, "segment-header", "The segment is shorter than its header.");
            return commitEnded;
        }

        try
        {
            if (SegmentHeader.Parse(header, name).Index != index)
            {
                Report(StoreVerifySeverity.Error, name, 0, "segment-header", $"The segment's header names another index than {index}.");
                return commitEnded;
            }
        }
        catch (InvalidDataException exception)
        {
            Report(StoreVerifySeverity.Error, name, 0, "segment-header", exception.Message);
            return commitEnded;
        }

        long offset = SegmentHeader.Size;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (offset < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (offset + RecordHeader.Size > length)
                {
                    Report(Tail(isLast), name, offset, "torn-tail", "The segment ends inside a record header.");
                    break;
                }

                stream.ReadExactly(headerBytes);
                var record = RecordHeader.Parse(headerBytes);
                if (record == default)
                {
                    if (HasNonZero(stream, length))
                    {
                        Report(Tail(isLast), name, offset, "torn-tail", "The segment has unfinished data after the end of its records.");
                    }

                    break;
                }

                if (record.BodyLength <= 0 || record.BodyLength > RecordHeader.MaxBodyLength || offset + record.TotalLength > length)
                {
                    Report(Tail(isLast), name, offset, "record-length", $"A record claims {record.BodyLength} body bytes, which the segment does not hold: the segment cannot be read past here.");
                    break;
                }

                if (record.TotalLength > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(record.TotalLength);
                }

                headerBytes.CopyTo(buffer);
                stream.ReadExactly(buffer.AsSpan(RecordHeader.Size, record.BodyLength));
                _records++;
                _bytes += record.TotalLength;
                if (!RecordHeader.Verify(buffer.AsSpan(0, record.TotalLength)))
                {
                    Report(
                        isLast && _inUse ? StoreVerifySeverity.Warning : StoreVerifySeverity.Error,
                        name,
                        offset,
                        "record-crc",
                        $"The record at offset {offset} ({(record.IsSystem ? "a system record" : $"position {record.Position}")} by its header) fails its CRC-32C: the segment is damaged. Restore it from a backup.");
                    if (!record.IsSystem && record.Position == _addresses.Count + 1)
                    {
                        // The header looks right (only the body may be damaged): keep counting, so one damaged record is one problem.
                        _addresses.Append(LogAddress.Make(index, offset));
                    }
                }
                else if (!record.IsSystem)
                {
                    var expected = _addresses.Count + 1;
                    if (record.Position != expected)
                    {
                        Report(StoreVerifySeverity.Error, name, offset, "position-gap", $"The record at offset {offset} holds position {record.Position}; position {expected} was expected (positions must be contiguous).");
                    }

                    while (_addresses.Count < record.Position)
                    {
                        _addresses.Append(_addresses.Count + 1 == record.Position ? LogAddress.Make(index, offset) : -1);
                    }
                }

                commitEnded = record.IsCommitEnd;
                offset += record.TotalLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _segmentEnds[index] = offset;
        return commitEnded;
    }

    private static bool HasNonZero(FileStream stream, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (stream.Position < length)
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length - stream.Position));
                if (read == 0)
                {
                    return false;
                }

                if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Checks the checkpoint and the index files it covers against the log; returns the head it covers.</summary>
    private long? VerifyIndex()
    {
        var indexDirectory = Path.Combine(directory, "index");
        var checkpointPath = Path.Combine(indexDirectory, "checkpoint.dat");
        if (!File.Exists(checkpointPath))
        {
            Report(StoreVerifySeverity.Warning, "index/checkpoint.dat", null, "no-checkpoint", "There is no index checkpoint: the store rebuilds its indexes from the whole log when it opens.");
            return null;
        }

        if (Checkpoint.TryParse(File.ReadAllBytes(checkpointPath)) is not { } checkpoint)
        {
            Report(StoreVerifySeverity.Error, "index/checkpoint.dat", 0, "checkpoint", "The index checkpoint is damaged (bad magic, version or CRC): the store would rebuild its indexes from the whole log.");
            return null;
        }

        if (checkpoint.Head > _addresses.Count)
        {
            Report(StoreVerifySeverity.Error, "index/checkpoint.dat", 16, "checkpoint", $"The index checkpoint covers position {checkpoint.Head}, but the log holds {_addresses.Count} events.");
        }

        if (!_segmentEnds.TryGetValue(LogAddress.Segment(checkpoint.ResumeAddress), out var end) || LogAddress.Offset(checkpoint.ResumeAddress) > end
            || (checkpoint.Head > 0 && checkpoint.Head <= _addresses.Count && checkpoint.ResumeAddress <= _addresses[checkpoint.Head - 1]))
        {
            Report(StoreVerifySeverity.Error, "index/checkpoint.dat", 24, "checkpoint", $"The index checkpoint resumes the log at {LogAddress.Describe(checkpoint.ResumeAddress)}, which is not after position {checkpoint.Head} within the log.");
        }

        VerifyPositions(Path.Combine(indexDirectory, "positions.idx"), checkpoint);
        VerifyMemberships(Path.Combine(indexDirectory, "memberships.idx"), checkpoint);
        VerifyCatalog(Path.Combine(indexDirectory, "catalog.dat"), checkpoint);
        return checkpoint.Head;
    }

    private void VerifyPositions(string path, Checkpoint checkpoint)
    {
        const string Name = "index/positions.idx";
        using var file = OpenIndex(path, Name, "CESPOS01"u8, checkpoint.PositionsLength);
        if (file is null)
        {
            return;
        }

        if (checkpoint.PositionsLength != IndexFileHeader.Size + (checkpoint.Head * sizeof(long)))
        {
            Report(StoreVerifySeverity.Error, Name, null, "positions", $"The checkpoint records {checkpoint.PositionsLength} bytes of positions for {checkpoint.Head} events.");
            return;
        }

        var buffer = new byte[64 * 1024 * sizeof(long)];
        for (long position = 1; position <= checkpoint.Head;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var take = (int)Math.Min(buffer.Length / sizeof(long), checkpoint.Head - position + 1);
            var offset = IndexFileHeader.Size + ((position - 1) * sizeof(long));
            file.ReadExactly(buffer.AsSpan(0, take * sizeof(long)), offset);
            for (var i = 0; i < take; i++, position++)
            {
                var address = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(i * sizeof(long)));
                var actual = position <= _addresses.Count ? _addresses[position - 1] : -1;
                if (address != actual)
                {
                    Report(
                        StoreVerifySeverity.Error,
                        Name,
                        offset + (i * sizeof(long)),
                        "positions",
                        $"The index entry of position {position} points at {LogAddress.Describe(address)}; the log has that position at {(actual < 0 ? "no record" : LogAddress.Describe(actual))}.");
                }
            }
        }
    }

    private void VerifyMemberships(string path, Checkpoint checkpoint)
    {
        const string Name = "index/memberships.idx";
        using var file = OpenIndex(path, Name, "CESMEM01"u8, checkpoint.MembershipsLength);
        if (file is null)
        {
            return;
        }

        if ((checkpoint.MembershipsLength - IndexFileHeader.Size) % MembershipsFile.EntrySize != 0)
        {
            Report(StoreVerifySeverity.Error, Name, null, "memberships", "The checkpoint records a length that is not a whole number of entries.");
            return;
        }

        var last = new Dictionary<int, long>();
        var buffer = new byte[MembershipsFile.EntrySize * 8192];
        for (var offset = (long)IndexFileHeader.Size; offset < checkpoint.MembershipsLength;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var take = (int)Math.Min(buffer.Length, checkpoint.MembershipsLength - offset);
            file.ReadExactly(buffer.AsSpan(0, take), offset);
            for (var i = 0; i < take; i += MembershipsFile.EntrySize, offset += MembershipsFile.EntrySize)
            {
                var stream = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(i));
                var position = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(i + sizeof(int)));
                if (stream < 0 || stream >= checkpoint.StreamCount || position < 1 || position > checkpoint.Head
                    || (last.TryGetValue(stream, out var previous) && position <= previous))
                {
                    Report(StoreVerifySeverity.Error, Name, offset, "memberships", $"The membership entry (stream {stream}, position {position}) is out of range or out of order.");
                }

                last[stream] = position;
            }
        }
    }

    private void VerifyCatalog(string path, Checkpoint checkpoint)
    {
        const string Name = "index/catalog.dat";
        using var file = OpenIndex(path, Name, "CESCAT01"u8, checkpoint.CatalogLength);
        if (file is null)
        {
            return;
        }

        var bytes = new byte[checkpoint.CatalogLength - IndexFileHeader.Size];
        file.ReadExactly(bytes, IndexFileHeader.Size);
        var entries = CatalogFile.Parse(bytes);
        if (entries is null)
        {
            Report(StoreVerifySeverity.Error, Name, null, "catalog", "The stream catalog is damaged (a framed entry fails its check).");
            return;
        }

        var created = entries.Count(entry => !entry.IsClose);
        if (created != checkpoint.StreamCount)
        {
            Report(StoreVerifySeverity.Error, Name, null, "catalog", $"The catalog defines {created} streams; the checkpoint records {checkpoint.StreamCount}.");
        }
    }

    private IndexReader? OpenIndex(string path, string name, ReadOnlySpan<byte> magic, long length)
    {
        if (!File.Exists(path))
        {
            Report(StoreVerifySeverity.Error, name, null, "index-missing", "The index file the checkpoint covers is missing.");
            return null;
        }

        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var reader = new IndexReader(handle);
        Span<byte> header = stackalloc byte[IndexFileHeader.Size];
        if (RandomAccess.Read(handle, header, 0) != IndexFileHeader.Size || !IndexFileHeader.IsValid(header, magic))
        {
            Report(StoreVerifySeverity.Error, name, 0, "index-header", "The index file's header is damaged.");
            reader.Dispose();
            return null;
        }

        if (RandomAccess.GetLength(handle) < length)
        {
            Report(StoreVerifySeverity.Error, name, null, "index-length", $"The index file is {RandomAccess.GetLength(handle)} bytes; the checkpoint covers {length}.");
            reader.Dispose();
            return null;
        }

        return reader;
    }

    private int VerifyConsumers()
    {
        var consumers = Path.Combine(directory, ConsumerFileStore.DirectoryName);
        if (!Directory.Exists(consumers))
        {
            return 0;
        }

        var count = 0;
        foreach (var path in Directory.EnumerateFiles(consumers))
        {
            var name = Path.GetFileName(path);
            if (!BackupPaths.IsConsumerFile(name))
            {
                continue;
            }

            count++;
            var kind = name.EndsWith(".consumer", StringComparison.Ordinal) ? ConsumerFileKind.Definition : ConsumerFileKind.Checkpoint;
            if (ConsumerFileCodec.Unframe(kind, File.ReadAllBytes(path)) is null)
            {
                Report(
                    kind == ConsumerFileKind.Definition ? StoreVerifySeverity.Error : StoreVerifySeverity.Warning,
                    ConsumerFileStore.DirectoryName + "/" + name,
                    0,
                    "consumer",
                    kind == ConsumerFileKind.Definition
                        ? "The consumer's definition fails its checksum: the consumer would not load."
                        : "The consumer checkpoint fails its checksum: the other slot's (older) checkpoint is used.");
            }
        }

        return count;
    }

    /// <summary>A torn tail (the end of the last segment) is what recovery cuts: a warning; anywhere else the data is damaged.</summary>
    private static StoreVerifySeverity Tail(bool isLast = true) => isLast ? StoreVerifySeverity.Warning : StoreVerifySeverity.Error;

    private void Report(StoreVerifySeverity severity, string file, long? offset, string kind, string message)
    {
        var seen = _perKind.GetValueOrDefault(kind) + 1;
        _perKind[kind] = seen;
        if (seen <= options.MaxProblemsPerKind)
        {
            _problems.Add(new StoreVerifyProblem(severity, file, offset, message));
        }
        else if (seen == options.MaxProblemsPerKind + 1)
        {
            _problems.Add(new StoreVerifyProblem(severity, file, null, $"More problems of this kind ({kind}) follow; only the first {options.MaxProblemsPerKind} are listed."));
        }
    }

    /// <summary>A read-only index file handle with exact reads.</summary>
    private sealed class IndexReader(SafeFileHandle handle) : IDisposable
    {
        public void ReadExactly(Span<byte> destination, long offset) => IndexFile.ReadExactly(handle, destination, offset);

        public void Dispose() => handle.Dispose();
    }
}
