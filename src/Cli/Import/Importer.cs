using System.Diagnostics;
using System.Text.Json;
using CleanEventStore.Client;

namespace CleanEventStore.Cli.Import;

/// <summary>The outcome of an import.</summary>
/// <param name="Lines">Input events read (with the ones a checkpoint skipped).</param>
/// <param name="Imported">Events committed by this run.</param>
/// <param name="AlreadyThere">Events found on the target already (an earlier, interrupted run): replays of their idempotency key, or compared equal.</param>
/// <param name="Commits">Commits sent by this run.</param>
internal sealed record ImportResult(long Lines, long Imported, long AlreadyThere, long Commits);

/// <summary>Settings of an <see cref="Importer"/>.</summary>
internal sealed record ImportOptions(int BatchSize, long MaxBatchBytes, bool KeepCommits);

/// <summary>
/// Commits NDJSON events to a server in input order, one batch at a time (<see cref="ImportBatch"/>). Every commit
/// expects its stream at the number of events of that stream earlier in the input, and carries a deterministic
/// <c>Idempotency-Key</c>: a retry or a re-run is a replay; a stream the target already holds part of is compared
/// event by event and continued after the equal prefix; anything else on the target (another writer, another store's
/// events) stops the import with a <see cref="CliException"/> naming the stream, version and line.
/// </summary>
internal sealed class Importer(EventStoreClient client, ImportOptions options)
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private long _imported;
    private long _alreadyThere;
    private long _commits;

    /// <summary>Called after each batch is on the target with the number of input lines done and events read.</summary>
    public Action<long, long>? BatchDone { get; init; }

    public async Task<ImportResult> RunAsync(Stream input, long skipLines, Action<long> progress, CancellationToken cancellationToken)
    {
        var reader = new NdjsonInput(input);
        ImportBatch? batch = null;
        long events = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var recorded = Parse(line, reader.LineNumber);
            events++;
            var version = _versions.GetValueOrDefault(recorded.Stream);
            _versions[recorded.Stream] = version + 1;
            if (reader.LineNumber <= skipLines)
            {
                continue; // Committed by an earlier run (the checkpoint): only counted.
            }

            if (batch is not null && !batch.CanTake(recorded, options.BatchSize, options.MaxBatchBytes, options.KeepCommits))
            {
                await CommitAsync(batch, cancellationToken);
                BatchDone?.Invoke(batch.LastLine, events - 1);
                progress(events - 1);
                batch = null;
            }

            batch ??= new ImportBatch(recorded.Stream, version, recorded.CustomMetadata, reader.LineNumber);
            batch.Add(recorded, reader.LineNumber);
        }

        if (batch is not null)
        {
            await CommitAsync(batch, cancellationToken);
            BatchDone?.Invoke(batch.LastLine, events);
        }

        progress(events);
        return new ImportResult(events, _imported, _alreadyThere, _commits);
    }

    private static RecordedEvent Parse(byte[] line, long number)
    {
        try
        {
            return RecordedEvent.Parse(line);
        }
        catch (InvalidDataException exception)
        {
            throw new CliException($"line {number} is not an exported event ({{\"stream\":…,\"payload\":…,\"metadata\":{{…}}}}): {exception.Message}");
        }
    }

    private async Task CommitAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        var expected = batch.ExpectedVersion == 0 ? ExpectedVersion.Empty : ExpectedVersion.Exactly(batch.ExpectedVersion);
        var metadata = batch.Metadata.Length <= 2 ? null : System.Text.Encoding.UTF8.GetString(batch.Metadata.Span);
        CommitResult result;
        try
        {
            _commits++;
            result = await client.CommitAsync(batch.Stream, batch.ToEventData(), expected, new CommitOptions { IdempotencyKey = batch.IdempotencyKey(), Metadata = metadata }, cancellationToken);
        }
        catch (WrongExpectedVersionException exception)
        {
            var actual = exception.ActualVersion ?? await client.GetStreamVersionAsync(batch.Stream, cancellationToken);
            await ReconcileAsync(batch, actual, cancellationToken);
            return;
        }
        catch (EventStoreException exception) when (exception is EventStoreConflictException or EventStoreBadRequestException)
        {
            throw new CliException($"line {batch.FirstLine}: the target refused the commit of {batch.Count} event(s) to \"{batch.Stream}\" ({(int)exception.StatusCode}): {exception.Message}");
        }

        if (result.Replayed)
        {
            _alreadyThere += batch.Count;
        }
        else
        {
            _imported += batch.Count;
        }
    }

    /// <summary>
    /// The target's stream is at <paramref name="actual"/>, not where the batch expects it: an earlier run committed
    /// (part of) it, or someone else wrote. Compares what the target has from the batch's version on with the batch.
    /// </summary>
    private async Task ReconcileAsync(ImportBatch batch, long actual, CancellationToken cancellationToken)
    {
        if (actual < batch.ExpectedVersion)
        {
            throw new CliException(
                $"line {batch.FirstLine}: stream \"{batch.Stream}\" is at version {actual} on the target, but the input has {batch.ExpectedVersion} events of it before this line: " +
                "the target lacks events the input put before (it is not the store an earlier run of this import wrote to).");
        }

        var present = (int)Math.Min(actual - batch.ExpectedVersion, batch.Count);
        var index = 0;
        await foreach (var existing in client.ReadStreamAsync(batch.Stream, ReadWindow.Starting(batch.ExpectedVersion + 1, present), cancellationToken: cancellationToken))
        {
            var wanted = batch.Events[index];
            if (!SameJson(existing.Payload, wanted.Payload) || !SameJson(existing.CustomMetadata, wanted.CustomMetadata))
            {
                throw new CliException(
                    $"line {batch.FirstLine + index}: stream \"{batch.Stream}\" on the target already has a different event at version {batch.ExpectedVersion + index} " +
                    $"(the target has {actual} events of it): another writer committed to it, or the target is not empty. Nothing after line {batch.FirstLine - 1} was imported.");
            }

            index++;
            if (index == present)
            {
                break;
            }
        }

        Debug.Assert(index == present, "the window reads the events the version says exist");
        _alreadyThere += present;
        if (present < batch.Count)
        {
            await CommitAsync(batch.Rest(present), cancellationToken);
        }
    }

    private static bool SameJson(ReadOnlyMemory<byte> left, ReadOnlyMemory<byte> right)
    {
        if (left.Span.SequenceEqual(right.Span))
        {
            return true;
        }

        using var a = JsonDocument.Parse(left);
        using var b = JsonDocument.Parse(right);
        return JsonElement.DeepEquals(a.RootElement, b.RootElement);
    }
}
