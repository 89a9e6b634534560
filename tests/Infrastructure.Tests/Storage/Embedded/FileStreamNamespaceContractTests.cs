using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Streams;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>
/// The namespace contract on the embedded engine, plus the races inside one group commit: the writer is held while
/// two commits that would collide are queued, so that they are checked in the same group.
/// </summary>
public sealed class FileStreamNamespaceContractTests : StreamNamespaceContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<IEventStore> OpenAsync() => Task.FromResult<IEventStore>(StoreFactory.Open(_directory.Path));

    private FileEventStore File => (FileEventStore)Store;

    [Fact]
    public async Task RacingInOneGroup_NewWriteStreamFirst_RefusesTheTypeOfTheSameName()
    {
        Task<CommitOutcome> owner;
        Task<CommitOutcome> forger;
        using (File.Writer.HoldNextGroup())
        {
            owner = Store.CommitAsync("race-1", "{\"type\":\"Opened\"}").AsTask();
            forger = Store.CommitAsync("mallory", "{\"type\":\"race-1\"}").AsTask();
        }

        Assert.Equal(CommitStatus.Committed, (await owner).Status);
        Assert.Equal(CommitStatus.InvalidDerivedStream, (await forger).Status);
        Assert.Equal(StreamKind.Write, (await Store.GetStreamAsync(StreamName.Parse("race-1"), default))!.Kind);
        Assert.Equal(1, await Store.GetHeadAsync(default));
    }

    [Fact]
    public async Task RacingInOneGroup_TypeFirst_RefusesTheCommitToTheNewTypeStream()
    {
        Task<CommitOutcome> typed;
        Task<CommitOutcome> direct;
        using (File.Writer.HoldNextGroup())
        {
            typed = Store.CommitAsync("orders-1", "{\"type\":\"race-2\"}").AsTask();
            direct = Store.CommitAsync("race-2", "{\"type\":\"Foreign\"}").AsTask();
        }

        Assert.Equal(CommitStatus.Committed, (await typed).Status);
        var refused = await direct;
        Assert.Equal(CommitStatus.ReadOnlyStream, refused.Status);
        Assert.Equal(StreamKind.Type, refused.Kind);
        Assert.Equal(["orders-1"], (await Store.ReadStreamAsync("race-2")).Streams());
    }
}
