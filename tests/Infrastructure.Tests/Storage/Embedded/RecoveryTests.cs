using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Storage.Embedded.Log;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>
/// Crash recovery: the log is cut at every byte of the last commit (as a crash in the middle of its write would
/// leave it), reopened, and must hold exactly the complete commits, never half of one.
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    /// <summary>Zeros the crash image holds after the data (the part of the segment the writer had zero-filled ahead).</summary>
    private const int ZeroTailBytes = 4096;

    private readonly TempDirectory _directory = new();

    private string Segment => Path.Combine(_directory.Path, "log", "00000000.seg");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_LogCutAtEveryByteOfTheLastCommit_KeepsExactlyTheCompleteCommits(bool zeroFilledTail)
    {
        var (committed, lastStart, dataEnd) = await WriteCommitsAndCrash();
        var original = await File.ReadAllBytesAsync(Segment);

        for (var cut = lastStart; cut <= dataEnd; cut++)
        {
            using var copy = new TempDirectory();
            CopyDirectory(_directory.Path, copy.Path);
            var segment = Path.Combine(copy.Path, "log", "00000000.seg");
            var bytes = original.AsSpan(0, zeroFilledTail ? original.Length : cut).ToArray();
            bytes.AsSpan(cut).Clear();
            await File.WriteAllBytesAsync(segment, bytes);

            await using var store = StoreFactory.Open(copy.Path);

            var complete = cut == dataEnd;
            var expectedHead = complete ? committed : committed - 3;
            Assert.Equal(expectedHead, await store.GetHeadAsync(default));
            Assert.Equal(expectedHead, (await store.ReadStreamAsync("_all")).Count);
            Assert.Equal(complete ? 3 : 0, (await store.ReadStreamAsync("batch")).Count);
            Assert.Equal(cut > lastStart && !complete, store.Recovery.TornBytes > 0);
            var next = await store.CommitAsync("after", "{\"ok\":true}");
            Assert.Equal(CommitStatus.Committed, next.Status);
            Assert.Equal(expectedHead, next.CommitId);
        }
    }

    [Fact]
    public async Task Open_GarbageAfterTheZeroFilledEnd_IsCut()
    {
        var (committed, lastStart, dataEnd) = await WriteCommitsAndCrash();
        var bytes = await File.ReadAllBytesAsync(Segment);
        bytes.AsSpan(lastStart, 100).Clear();
        Assert.True(bytes.Length > dataEnd + 1, "the writer should have zero-filled ahead of the data");

        await File.WriteAllBytesAsync(Segment, bytes);
        await using var store = StoreFactory.Open(_directory.Path);

        Assert.Equal(committed - 3, await store.GetHeadAsync(default));
        Assert.True(store.Recovery.TornBytes > 0);
        Assert.Equal(CommitStatus.Committed, (await store.CommitAsync("after", "{}")).Status);
    }

    [Fact]
    public async Task Open_TornTail_KeepsTheCutBytesInASideFile()
    {
        var (_, lastStart, _) = await WriteCommitsAndCrash();
        var original = await File.ReadAllBytesAsync(Segment);
        await File.WriteAllBytesAsync(Segment, original.AsMemory(0, lastStart + 40).ToArray());

        await using var store = StoreFactory.Open(_directory.Path);

        Assert.Equal(40, store.Recovery.TornBytes);
        var side = Assert.Single(Directory.GetFiles(Path.Combine(_directory.Path, "log"), "*.torn-*"));
        Assert.Equal(original.AsSpan(lastStart, 40).ToArray(), await File.ReadAllBytesAsync(side));
    }

    [Fact]
    public async Task Open_CorruptRecordFollowedByIntactOnes_RefusesToOpen()
    {
        var (_, lastStart, _) = await WriteCommitsAndCrash();
        var bytes = await File.ReadAllBytesAsync(Segment);
        bytes[SegmentHeader.Size + 40] ^= 0xFF;
        await File.WriteAllBytesAsync(Segment, bytes);

        var exception = Assert.Throws<InvalidDataException>(() => StoreFactory.Open(_directory.Path));

        Assert.Contains("intact records follow", exception.Message, StringComparison.Ordinal);
        Assert.True(lastStart > 0);
    }

    [Fact]
    public async Task Open_CorruptLastCommit_IsCutLikeATornWrite()
    {
        var (committed, _, dataEnd) = await WriteCommitsAndCrash();
        var bytes = await File.ReadAllBytesAsync(Segment);
        bytes[dataEnd - 10] ^= 0xFF;
        await File.WriteAllBytesAsync(Segment, bytes);

        await using var store = StoreFactory.Open(_directory.Path);

        Assert.Equal(committed - 3, await store.GetHeadAsync(default));
    }

    [Fact]
    public async Task Open_AfterCleanShutdown_LoadsIndexesWithoutReplay()
    {
        await using (var store = StoreFactory.Open(_directory.Path))
        {
            for (var i = 0; i < 100; i++)
            {
                await store.CommitAsync($"s-{i % 7}", $"{{\"type\":\"T{i % 3}\",\"n\":{i}}}");
            }
        }

        await using var reopened = StoreFactory.Open(_directory.Path);

        Assert.Equal(0, reopened.Recovery.ReplayedEvents);
        Assert.Equal(100, reopened.Recovery.CheckpointHead);
        Assert.Equal(15, (await reopened.ReadStreamAsync("s-0")).Count);
        Assert.Equal(34, (await reopened.ReadStreamAsync("T0")).Count);
    }

    [Fact]
    public async Task Open_WithoutCheckpoint_RebuildsEverythingFromTheLog()
    {
        await using (var store = StoreFactory.Open(_directory.Path))
        {
            for (var i = 0; i < 20; i++)
            {
                await store.CommitAsync($"s-{i % 2}", $"{{\"type\":\"T\",\"n\":{i}}}");
            }
        }

        File.Delete(Path.Combine(_directory.Path, "index", "checkpoint.dat"));
        await using var reopened = StoreFactory.Open(_directory.Path);

        Assert.Equal(20, reopened.Recovery.ReplayedEvents);
        Assert.Equal(10, (await reopened.ReadStreamAsync("s-1")).Count);
        Assert.Equal(20, (await reopened.ReadStreamAsync("T")).Count);
    }

    /// <summary>
    /// Commits a few events (the last commit has 3 events to stream <c>batch</c>), waits until the writer has zero-filled
    /// some of the segment ahead of them, then copies the directory while the store is open, as a crash would leave it,
    /// with <see cref="ZeroTailBytes"/> of zeros after the data and without the index checkpoint (so that recovery
    /// replays the whole log whatever the writer persisted in the background).
    /// </summary>
    private async Task<(long Committed, int LastStart, int DataEnd)> WriteCommitsAndCrash()
    {
        using var live = new TempDirectory();
        int lastStart;
        int dataEnd;
        await using (var store = StoreFactory.Open(live.Path))
        {
            await store.CommitAsync("a", "{\"type\":\"First\",\"n\":1}");
            await store.CommitAsync("b", "{\"type\":\"Second\",\"tags\":[\"x\"]}", "{\"n\":2}");
            lastStart = (int)store.State.Segments.Last.CommittedLength;
            await store.CommitAsync("batch", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
            dataEnd = (int)store.State.Segments.Last.CommittedLength;

            // The idle writer zero-fills the segment ahead of the data; the crash image is taken once it has done so
            // for at least ZeroTailBytes (the tests of a zero-filled tail need zeros after the data), not after a
            // time it may not have needed.
            var segment = Path.Combine(live.Path, "log", "00000000.seg");
            await Eventually.UntilAsync(() => new FileInfo(segment).Length >= dataEnd + ZeroTailBytes, "the writer to zero-fill ahead of the data");
            CopyDirectory(live.Path, _directory.Path);
        }

        // How far the writer had got ahead (up to megabytes) is a matter of timing; a crash can leave any of it. Keep
        // the same short tail every time: the tests rewrite the whole segment once per cut.
        using (var copied = new FileStream(Segment, FileMode.Open, FileAccess.ReadWrite))
        {
            copied.SetLength(dataEnd + ZeroTailBytes);
        }

        File.Delete(Path.Combine(_directory.Path, "index", "checkpoint.dat"));
        return (6, lastStart, dataEnd);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == "LOCK")
            {
                continue;
            }

            try
            {
                File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
            }
            catch (FileNotFoundException)
            {
                // The writer renamed it away (the checkpoint's temporary file) between listing and copying: a crash
                // image taken at this instant would not hold it either.
            }
        }
    }
}
