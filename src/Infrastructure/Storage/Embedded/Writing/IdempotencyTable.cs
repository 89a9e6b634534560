using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using CleanEventStore.Infrastructure.Native;
using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// The most recent <c>Idempotency-Key</c>s (first in, first out beyond the capacity). Writer thread only. The keys
/// travel in the log with their commits (so a crash loses none), and a snapshot is written at each checkpoint.
/// </summary>
internal sealed class IdempotencyTable(int capacity)
{
    private const string FileName = "idempotency.dat";
    private readonly Dictionary<string, LinkedListNode<IdempotencyEntry>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<IdempotencyEntry> _order = new();

    private static ReadOnlySpan<byte> Magic => "CESIDM01"u8;

    public int Count => _byKey.Count;

    public bool Dirty { get; private set; }

    public bool TryGet(string key, out IdempotencyEntry entry)
    {
        if (_byKey.TryGetValue(key, out var node))
        {
            entry = node.Value;
            return true;
        }

        entry = null!;
        return false;
    }

    public void Add(IdempotencyEntry entry)
    {
        if (capacity == 0)
        {
            return;
        }

        if (_byKey.Remove(entry.Key, out var existing))
        {
            _order.Remove(existing);
        }

        _byKey[entry.Key] = _order.AddLast(entry);
        while (_byKey.Count > capacity)
        {
            var oldest = _order.First!;
            _order.RemoveFirst();
            _byKey.Remove(oldest.Value.Key);
        }

        Dirty = true;
    }

    public void Save(string directory)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(Magic);
        var count = writer.GetSpan(4);
        BinaryPrimitives.WriteInt32LittleEndian(count, _byKey.Count);
        writer.Advance(4);
        foreach (var entry in _order)
        {
            WriteString(writer, entry.Key);
            var hash = writer.GetSpan(16);
            BinaryPrimitives.WriteUInt128LittleEndian(hash, entry.RequestHash);
            writer.Advance(16);
            WriteString(writer, entry.Stream);
            var numbers = writer.GetSpan(24);
            BinaryPrimitives.WriteInt64LittleEndian(numbers, entry.CommitId);
            BinaryPrimitives.WriteInt64LittleEndian(numbers[8..], entry.CommittedAt);
            BinaryPrimitives.WriteInt64LittleEndian(numbers[16..], entry.StreamVersion);
            writer.Advance(24);
        }

        var crc = writer.GetSpan(4);
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Compute(writer.WrittenSpan));
        writer.Advance(4);
        IndexFile.WriteAtomically(directory, FileName, writer.WrittenSpan);
        Dirty = false;
    }

    /// <summary>Loads the snapshot if there is a valid one; a missing or damaged snapshot only loses retry protection.</summary>
    public void Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return;
        }

        var bytes = File.ReadAllBytes(path).AsSpan();
        if (bytes.Length < 12 || !bytes[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) != Crc32C.Compute(bytes[..^4]))
        {
            return;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        var span = bytes[12..^4];
        for (var i = 0; i < count; i++)
        {
            var key = ReadString(ref span);
            var hash = BinaryPrimitives.ReadUInt128LittleEndian(span);
            span = span[16..];
            var stream = ReadString(ref span);
            var commitId = BinaryPrimitives.ReadInt64LittleEndian(span);
            var committedAt = BinaryPrimitives.ReadInt64LittleEndian(span[8..]);
            var version = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
            span = span[24..];
            Add(new IdempotencyEntry(key, hash, stream, commitId, committedAt, version));
        }

        Dirty = false;
    }

    private static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = writer.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(value, span[2..]);
        writer.Advance(2 + length);
    }

    private static string ReadString(ref Span<byte> span)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(span);
        var value = Encoding.UTF8.GetString(span.Slice(2, length));
        span = span[(2 + length)..];
        return value;
    }
}
