using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Matching;
using CleanEventStore.Infrastructure.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace CleanEventStore.Engine.Benchmarks.Support;

/// <summary>
/// A file store over a fresh temporary directory, opened the way the Api opens it (Durability=Fsync, default
/// type and tag accessors), and deleted again on dispose.
/// </summary>
internal sealed class BenchStore : IAsyncDisposable
{
    private BenchStore(string directory, EventStoreOptions options, FileEventStore store)
    {
        Directory = directory;
        Options = options;
        Store = store;
    }

    public string Directory { get; }

    public EventStoreOptions Options { get; }

    public FileEventStore Store { get; private set; }

    /// <summary>Creates a fresh directory and opens a store over it.</summary>
    public static BenchStore Create(string label)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ces-bench-{label}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var options = OptionsFor(directory);
        return new BenchStore(directory, options, Open(options));
    }

    public static EventStoreOptions OptionsFor(string directory) =>
        new() { StorageDirectory = directory, Durability = DurabilityMode.Fsync };

    public static FileEventStore Open(EventStoreOptions options) =>
        FileEventStore.Open(
            options,
            new EmbeddedStorageOptions(),
            new MatcherParser(Microsoft.Extensions.Options.Options.Create(options)),
            new EventFilterFactory(),
            TimeProvider.System,
            NullLogger<FileEventStore>.Instance);

    /// <summary>Closes the store (writing its checkpoint) and leaves the directory for a later open.</summary>
    public ValueTask CloseAsync() => Store.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        TryDelete(Directory);
    }

    public static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; the benchmark result is what matters.
        }
    }

    /// <summary>Commits and throws unless the commit succeeded: a benchmark must never time failures.</summary>
    public static async ValueTask CommitOrThrowAsync(IEventStore store, CommitRequest request)
    {
        var outcome = await store.CommitAsync(request, CancellationToken.None);
        if (outcome.Status != CommitStatus.Committed)
        {
            throw new InvalidOperationException($"Commit to {request.Stream} failed: {outcome.Status} {outcome.Error}");
        }
    }

    /// <summary>
    /// Fills the store with <paramref name="commits"/> commits in order, issuing them in windows that fit the
    /// writer's queue, so group commit applies and the log order is exactly the issue order.
    /// </summary>
    public static async Task FillAsync(IEventStore store, int commits, Func<int, CommitRequest> request)
    {
        const int Window = 4096;
        var pending = new Task[Window];
        for (var start = 0; start < commits; start += Window)
        {
            var count = Math.Min(Window, commits - start);
            for (var i = 0; i < count; i++)
            {
                pending[i] = CommitOrThrowAsync(store, request(start + i)).AsTask();
            }

            await Task.WhenAll(pending.AsSpan(0, count));
        }
    }

    public static CommitRequest Request(string stream, ReadOnlyMemory<byte>[] events) =>
        new(StreamName.Parse(stream), events, ReadOnlyMemory<byte>.Empty, ExpectedVersion.Any, null, null);
}
