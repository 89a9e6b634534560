using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>The contract suite against the embedded file engine, over a temporary data directory.</summary>
public sealed class FileEventStoreContractTests : EventStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Segments of <see cref="EventStoreContractTests.CommitLimitBytes"/>: a commit must fit in one.</summary>
    protected override Task<IEventStore> OpenAsync() =>
        Task.FromResult<IEventStore>(StoreFactory.Open(StoreFactory.Options(_directory.Path), storage: new EmbeddedStorageOptions { SegmentSizeBytes = CommitLimitBytes }));

    protected override Task<IDisposable> HoldNextGroupAsync() => Task.FromResult(((FileEventStore)Store).Writer.HoldNextGroup());

    [Fact]
    public async Task Open_SecondStoreOnTheSameDirectory_FailsNamingTheDirectoryAndTheHolder()
    {
        // The first store (opened by the contract suite) holds LOCK with flock(LOCK_EX) through its own open file
        // description, which conflicts with a second one in the same process as it would in another process.
        var exception = Assert.Throws<DataDirectoryInUseException>(() => StoreFactory.Open(_directory.Path));

        Assert.Equal(Path.GetFullPath(_directory.Path), exception.Directory);
        Assert.Contains(Path.GetFullPath(_directory.Path), exception.Message, StringComparison.Ordinal);
        Assert.Contains("in use", exception.Message, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.StartsWith($"pid={Environment.ProcessId} host={Environment.MachineName} started=", exception.Holder, StringComparison.Ordinal);
            Assert.Contains($"({exception.Holder})", exception.Message, StringComparison.Ordinal);
        }

        await Store.CommitAsync("still-works", "{}");
    }
}
