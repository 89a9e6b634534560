using System.Security.Cryptography;
using System.Text;
using CleanEventStore.Client;

namespace CleanEventStore.Cli.Import;

/// <summary>
/// Consecutive input events of one stream with the same commit metadata, committed together: whole source commits
/// (a commit is never split), up to the batch size. <see cref="ExpectedVersion"/> is the number of events of the stream
/// that come before it in the input, so the commit succeeds only if the target holds exactly those.
/// </summary>
internal sealed class ImportBatch(string stream, long expectedVersion, ReadOnlyMemory<byte> metadata, long firstLine)
{
    private readonly List<RecordedEvent> _events = [];

    public string Stream { get; } = stream;

    public long ExpectedVersion { get; } = expectedVersion;

    /// <summary>The commit's own metadata (the source's custom metadata keys), a JSON object.</summary>
    public ReadOnlyMemory<byte> Metadata { get; } = metadata;

    public long FirstLine { get; } = firstLine;

    public long LastLine { get; private set; } = firstLine;

    public IReadOnlyList<RecordedEvent> Events => _events;

    public int Count => _events.Count;

    public long Bytes { get; private set; }

    public void Add(RecordedEvent recorded, long line)
    {
        _events.Add(recorded);
        Bytes += recorded.Payload.Length + 1;
        LastLine = line;
    }

    /// <summary>Whether <paramref name="next"/> (the next input line) joins this batch.</summary>
    public bool CanTake(RecordedEvent next, int batchSize, long maxBytes, bool keepCommits)
    {
        if (next.Stream != Stream || !next.CustomMetadata.Span.SequenceEqual(Metadata.Span))
        {
            return false;
        }

        var last = _events[^1];
        if (next.CommitId == last.CommitId && next.CommitVersion == last.CommitVersion + 1)
        {
            return true; // The rest of a source commit: never split.
        }

        return !keepCommits
            && Count + next.CommitSize <= batchSize
            && Bytes + ((long)next.Payload.Length + 1) * next.CommitSize <= maxBytes;
    }

    /// <summary>The events from <paramref name="skip"/> on, as a batch of their own (what is left after a partial earlier import).</summary>
    public ImportBatch Rest(int skip)
    {
        var rest = new ImportBatch(Stream, ExpectedVersion + skip, Metadata, FirstLine + skip);
        for (var i = skip; i < _events.Count; i++)
        {
            rest.Add(_events[i], LastLine);
        }

        return rest;
    }

    /// <summary>
    /// The batch's <c>Idempotency-Key</c>: its source positions and a hash of what it commits (stream, expected version,
    /// payloads, metadata), so a re-run sends the same key for the same commit and never one key for two different ones.
    /// </summary>
    public string IdempotencyKey()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(Stream + "\n" + ExpectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        hash.AppendData(Metadata.Span);
        foreach (var recorded in _events)
        {
            hash.AppendData("\n"u8);
            hash.AppendData(recorded.Payload.Span);
        }

        var digest = Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 12));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ces-import-{_events[0].Position}-{_events[^1].Position}-{digest}");
    }

    public IReadOnlyList<EventData> ToEventData() => [.. _events.Select(recorded => EventData.FromJson(recorded.Payload))];
}
