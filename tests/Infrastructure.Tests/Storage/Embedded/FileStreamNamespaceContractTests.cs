using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

/// <summary>The namespace contract on the embedded engine, over a temporary data directory.</summary>
public sealed class FileStreamNamespaceContractTests : StreamNamespaceContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<IEventStore> OpenAsync() => Task.FromResult<IEventStore>(StoreFactory.Open(_directory.Path));

    protected override Task<IDisposable> HoldNextGroupAsync() => Task.FromResult(((FileEventStore)Store).Writer.HoldNextGroup());
}
