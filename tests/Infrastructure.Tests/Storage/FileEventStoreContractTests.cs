using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage;

/// <summary>The contract suite against the embedded file engine, over a temporary data directory.</summary>
#pragma warning disable CA1001 // The directory is disposed in DisposeAsync (IAsyncLifetime).
public sealed class FileEventStoreContractTests : EventStoreContractTests
#pragma warning restore CA1001
{
    private readonly TempDirectory _directory = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<IEventStore> OpenAsync() => Task.FromResult<IEventStore>(StoreFactory.Open(_directory.Path));

    [Fact]
    public async Task Open_SecondStoreOnTheSameDirectory_FailsNamingTheDirectory()
    {
        var exception = Assert.Throws<IOException>(() => StoreFactory.Open(_directory.Path));

        Assert.Contains(Path.GetFullPath(_directory.Path), exception.Message, StringComparison.Ordinal);
        Assert.Contains("in use", exception.Message, StringComparison.Ordinal);
        await Store.CommitAsync("still-works", "{}");
    }
}
