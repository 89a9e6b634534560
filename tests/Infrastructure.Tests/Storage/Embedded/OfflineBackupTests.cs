using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary><see cref="StoreBackup.WriteAsync"/>: the backup of a data directory no server holds.</summary>
public sealed class OfflineBackupTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TempDirectory _restored = new();

    public void Dispose()
    {
        _directory.Dispose();
        _restored.Dispose();
    }

    [Fact]
    public async Task WriteAsync_OfAClosedStore_RestoresEveryEventWithItsIndexes()
    {
        await using (var store = StoreFactory.Open(_directory.Path))
        {
            await store.CommitAsync("offline-1", "{\"type\":\"A\"}", "{\"type\":\"B\"}");
            await store.CommitAsync("offline-2", "{\"type\":\"C\"}");
        }

        using var archive = new MemoryStream();
        var position = await StoreBackup.WriteAsync(StoreFactory.Options(_directory.Path), null, archive, CancellationToken.None);
        archive.Position = 0;
        var target = Path.Combine(_restored.Path, "store");
        var restore = await StoreRestore.RestoreAsync(archive, target, CancellationToken.None);
        var report = await StoreVerifier.VerifyAsync(target, null, CancellationToken.None);
        await using var restored = StoreFactory.Open(target);

        Assert.Equal(3, position);
        Assert.True(restore.Manifest.HasIndex);
        Assert.True(report.Ok, string.Join("; ", report.Problems.Select(problem => problem.Message)));
        Assert.Equal(3, report.IndexedHead);
        Assert.Equal(2, (await restored.ReadStreamAsync("offline-1")).Count);
        Assert.Equal(3, (await restored.ReadStreamAsync("_all")).Count);
    }

    [Fact]
    public async Task WriteAsync_OfADirectoryInUse_IsRefused()
    {
        await using var store = StoreFactory.Open(_directory.Path);

        await Assert.ThrowsAsync<DataDirectoryInUseException>(() => StoreBackup.WriteAsync(StoreFactory.Options(_directory.Path), null, Stream.Null, CancellationToken.None));
    }
}
