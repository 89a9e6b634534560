using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;

namespace CleanEventStore.Api.FunctionalTests.Backup;

/// <summary>Restore refuses a non-empty target, a damaged archive (naming the file) and a truncated one, and then leaves nothing behind.</summary>
public sealed class RestoreRefusalTests : IClassFixture<RestoreRefusalTests.Archive>, IDisposable
{
    private const string Needle = "needle-in-the-segment";

    private readonly Archive _archive;
    private readonly string _parent = BackupArchives.TempDirectory();

    public RestoreRefusalTests(Archive archive)
    {
        _archive = archive;
        Directory.CreateDirectory(_parent);
    }

    public void Dispose() => BackupArchives.DeleteQuietly(_parent);

    [Fact]
    public async Task Restore_IntoANonEmptyDirectory_IsRefusedAndTouchesNothing()
    {
        var target = Path.Combine(_parent, "busy");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");

        var refused = await Assert.ThrowsAsync<RestoreTargetNotEmptyException>(() => StoreRestore.RestoreAsync(new MemoryStream(_archive.Bytes), target, CancellationToken.None));

        Assert.Equal(target, refused.Directory);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal(["busy"], Directory.EnumerateFileSystemEntries(_parent).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Restore_OfAnArchiveWithAFlippedByte_NamesTheDamagedFileAndCreatesNothing()
    {
        var damaged = (byte[])_archive.Bytes.Clone();
        damaged[BackupArchives.IndexOf(damaged, Needle) + 3] ^= 0x20;
        var target = Path.Combine(_parent, "restored");

        var refused = await Assert.ThrowsAsync<BackupArchiveException>(() => StoreRestore.RestoreAsync(new MemoryStream(damaged), target, CancellationToken.None));

        Assert.Equal("log/00000000.seg", refused.FileName);
        Assert.Contains("'log/00000000.seg' is damaged", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_parent));
    }

    /// <summary>Cut inside the first header, in the middle, and inside the manifest (the last entry, before the end-of-archive blocks).</summary>
    [Theory]
    [InlineData(100)]
    [InlineData(-1)]
    [InlineData(-1800)]
    public async Task Restore_OfATruncatedArchive_IsRefusedAndCreatesNothing(int keep)
    {
        var length = keep switch
        {
            -1 => _archive.Bytes.Length / 2,
            < 0 => _archive.Bytes.Length + keep,
            _ => keep,
        };
        var truncated = _archive.Bytes.AsSpan(0, length).ToArray();
        var target = Path.Combine(_parent, "restored");

        var refused = await Assert.ThrowsAsync<BackupArchiveException>(() => StoreRestore.RestoreAsync(new MemoryStream(truncated), target, CancellationToken.None));

        Assert.Contains("truncated", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_parent));
    }

    [Fact]
    public async Task Restore_OfTheIntactArchive_Succeeds()
    {
        var target = Path.Combine(_parent, "restored");

        var result = await StoreRestore.RestoreAsync(new MemoryStream(_archive.Bytes), target, CancellationToken.None);

        Assert.Equal(3, result.Manifest.Position);
        Assert.True(File.Exists(Path.Combine(target, "log", "00000000.seg")));
        Assert.Equal(["restored"], Directory.EnumerateFileSystemEntries(_parent).Select(Path.GetFileName));
    }

    /// <summary>One small backup shared by the tests (three events, one of them carrying <see cref="Needle"/>).</summary>
    public sealed class Archive : IAsyncLifetime
    {
        public byte[] Bytes { get; private set; } = [];

        public async Task InitializeAsync()
        {
            using var factory = new ApiFactory();
            var client = factory.CreateClient();
            await client.CommitAsync("refusal-1", "{\"type\":\"A\"}", $"{{\"type\":\"B\",\"text\":\"{Needle}\"}}");
            await client.CommitAsync("refusal-2", "{\"type\":\"C\"}");
            (Bytes, _, _) = await BackupArchives.TakeAsync(client);
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
