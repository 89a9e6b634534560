using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using Microsoft.Extensions.Logging;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// The writer's index checkpoint, after KurrentDB's <c>ICheckpoint</c> (written vs flushed): every applied group
/// moves the <em>written</em> side (<see cref="WrittenAddress"/>, the log address the next group starts at, and the
/// events and bytes since the last flush); <see cref="Flush"/> persists the indexes up to the head and moves the
/// <em>flushed</em> side (<see cref="FlushedHead"/>), which recovery resumes from. A flush is due after
/// <see cref="CheckpointEvents"/> events or <see cref="CheckpointBytes"/> bytes, or when the writer has been idle for
/// <see cref="IdleDelay"/>. Writer thread only; I/O errors propagate to the writer, which faults.
/// </summary>
internal sealed partial class IndexCheckpoint
{
    private const long CheckpointEvents = 250_000;
    private const long CheckpointBytes = 128L * 1024 * 1024;

    private readonly EngineState _state;
    private readonly IndexStore _indexes;
    private readonly IdempotencyTable _idempotency;
    private readonly HashSet<StreamState> _dirty;
    private readonly string _indexDirectory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private long _eventsSinceFlush;
    private long _bytesSinceFlush;
    private long _lastFlushTimestamp;

    public IndexCheckpoint(
        EngineState state,
        IndexStore indexes,
        IdempotencyTable idempotency,
        HashSet<StreamState> dirty,
        long flushedHead,
        string indexDirectory,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _state = state;
        _indexes = indexes;
        _idempotency = idempotency;
        _dirty = dirty;
        _indexDirectory = indexDirectory;
        _timeProvider = timeProvider;
        _logger = logger;
        FlushedHead = flushedHead;
        _lastFlushTimestamp = timeProvider.GetTimestamp();
        var last = state.Segments.Last;
        WrittenAddress = LogAddress.Make(last.Index, last.WrittenLength);
    }

    /// <summary>How long the writer waits idle before a due checkpoint is flushed.</summary>
    public static TimeSpan IdleDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The head the persisted indexes cover.</summary>
    public long FlushedHead { get; private set; }

    /// <summary>The log address after the last applied group: where recovery resumes once it is flushed.</summary>
    public long WrittenAddress { get; private set; }

    /// <summary>Records an applied group of <paramref name="events"/> events and <paramref name="bytes"/> log bytes.</summary>
    public void Written(int events, int bytes)
    {
        var last = _state.Segments.Last;
        WrittenAddress = LogAddress.Make(last.Index, last.WrittenLength);
        _eventsSinceFlush += events;
        _bytesSinceFlush += bytes;
    }

    /// <summary>True when something changed since the last flush and a flush is due.</summary>
    public bool IsDue(bool idle)
    {
        var changed = _state.Head != FlushedHead || _dirty.Count > 0 || _idempotency.Dirty;
        return changed
            && (_eventsSinceFlush >= CheckpointEvents
                || _bytesSinceFlush >= CheckpointBytes
                || (idle && _timeProvider.GetElapsedTime(_lastFlushTimestamp) >= IdleDelay));
    }

    /// <summary>Persists the indexes (and the idempotency keys) up to the head.</summary>
    public void Flush()
    {
        var head = _state.Head;
        var checkpoint = _indexes.WriteCheckpoint(
            FlushedHead, head, WrittenAddress, _state.Positions, _state.Catalog, _dirty, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        if (_idempotency.Dirty)
        {
            _idempotency.Save(_indexDirectory);
        }

        LogCheckpoint(_logger, checkpoint.Head, _dirty.Count);
        _dirty.Clear();
        FlushedHead = head;
        _eventsSinceFlush = 0;
        _bytesSinceFlush = 0;
        _lastFlushTimestamp = _timeProvider.GetTimestamp();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Index checkpoint at position {Head} ({Streams} streams changed)")]
    private static partial void LogCheckpoint(ILogger logger, long head, int streams);
}
