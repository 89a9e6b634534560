using System.Formats.Tar;
using System.IO.Compression;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>
/// A store written before the namespace rules still opens, with its history exactly as it was (the collisions it
/// allowed included), and from then on the rules hold: no new collision can be made, and the owners of the streams
/// keep committing. Fixtures/README.md says how the two data directories were made.
/// </summary>
public sealed class LegacyStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<FileEventStore> OpenFixtureAsync(string name)
    {
        var archive = Path.Combine(AppContext.BaseDirectory, "Fixtures", $"legacy-collisions-{name}.tar.gz");
        await using (var file = File.OpenRead(archive))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gzip, _directory.Path, overwriteFiles: false);
        }

        return StoreFactory.Open(_directory.Path);
    }

    private static async Task AssertHistoryAsync(IEventStore store)
    {
        Assert.Equal(8, await store.GetHeadAsync(default));
        await AssertStreamAsync(store, "account-1", StreamKind.Write, "account-1", "mallory-1");
        await AssertStreamAsync(store, "tags/vip", StreamKind.Tag, "mallory-2");
        await AssertStreamAsync(store, "OrderPlaced", StreamKind.Type, "orders-1", "OrderPlaced", "orders-2");
        await AssertStreamAsync(store, "join/x", StreamKind.Write, "join/x");
        await AssertStreamAsync(store, "tags/manual", StreamKind.Write, "tags/manual");
        await AssertStreamAsync(store, "tags/eu", StreamKind.Tag, "orders-1", "orders-2");
    }

    private static async Task AssertStreamAsync(IEventStore store, string name, StreamKind kind, params string[] writtenBy)
    {
        var stream = await store.GetStreamAsync(StreamName.Parse(name), default);
        Assert.NotNull(stream);
        Assert.Equal(kind, stream.Kind);
        Assert.Equal(writtenBy, (await store.ReadStreamAsync(name)).Streams());
    }

    [Theory]
    [InlineData("clean")]
    [InlineData("kill")]
    public async Task Open_StoreWithCollisions_KeepsItsHistoryAsWritten(string fixture)
    {
        await using var store = await OpenFixtureAsync(fixture);

        await AssertHistoryAsync(store);
        Assert.Equal(fixture == "kill" ? 8 : 0, store.Recovery.ReplayedEvents);
    }

    [Theory]
    [InlineData("clean")]
    [InlineData("kill")]
    public async Task Open_StoreWithCollisions_AcceptsNoNewCollision(string fixture)
    {
        var store = await OpenFixtureAsync(fixture);
        await using (store)
        {
            var typeOfAWriteStream = await store.CommitAsync("mallory-3", "{\"type\":\"account-1\"}");
            var toATypeStream = await store.CommitAsync("OrderPlaced", "{\"type\":\"Foreign\"}");
            var tagOfAWriteStream = await store.CommitAsync("orders-3", "{\"type\":\"OrderPlaced\",\"tags\":[\"manual\"]}");
            var toAReservedName = await store.CommitAsync("join/x", "{\"type\":\"Hidden\"}");
            var owner = await store.CommitAsync(StoreExtensions.Request("account-1", ["{\"type\":\"Deposited\"}"], ExpectedVersion.Exactly(2)), default);
            var ordinary = await store.CommitAsync("orders-3", "{\"type\":\"OrderPlaced\",\"tags\":[\"eu\"]}");

            Assert.Equal(CommitStatus.InvalidDerivedStream, typeOfAWriteStream.Status);
            Assert.Equal(CommitStatus.ReadOnlyStream, toATypeStream.Status);
            Assert.Equal(CommitStatus.InvalidDerivedStream, tagOfAWriteStream.Status);
            Assert.Equal("events[0]: the tag \"manual\" names \"tags/manual\", which is a write stream; a tag may only name a tag stream.", tagOfAWriteStream.Error);
            Assert.Equal(CommitStatus.InvalidStreamName, toAReservedName.Status);
            Assert.Equal(CommitStatus.Committed, owner.Status);
            Assert.Equal(CommitStatus.Committed, ordinary.Status);
        }

        await using var reopened = StoreFactory.Open(_directory.Path);
        Assert.Equal(10, await reopened.GetHeadAsync(default));
        await AssertStreamAsync(reopened, "account-1", StreamKind.Write, "account-1", "mallory-1", "account-1");
        await AssertStreamAsync(reopened, "OrderPlaced", StreamKind.Type, "orders-1", "OrderPlaced", "orders-2", "orders-3");
    }
}
