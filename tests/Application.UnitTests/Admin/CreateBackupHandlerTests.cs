using CleanEventStore.Application.Abstractions.Backup;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Admin.CreateBackup;
using CleanEventStore.Application.UnitTests.Health;
using CleanEventStore.Domain.Errors;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Admin;

public sealed class CreateBackupHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    [Fact]
    public async Task Handle_WithTheEnginesBackup_ReturnsTheCapturedArchive()
    {
        var archive = Substitute.For<IStoreBackupArchive>();
        var backup = Substitute.For<IStoreBackup>();
        backup.CaptureAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<IStoreBackupArchive>(archive));

        var result = await new CreateBackupHandler([backup], _store).Handle(new CreateBackupQuery(), default);

        Assert.Same(archive, result.Archive);
    }

    [Fact]
    public async Task Handle_WithoutABackup_ThrowsBackupNotSupportedPointingToPgDump()
    {
        var statistics = GetHealthHandlerTests.Statistics() with { Engine = "postgres" };
        _store.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<StoreStatistics>(statistics));

        var refused = await Assert.ThrowsAsync<BackupNotSupportedException>(async () => await new CreateBackupHandler([], _store).Handle(new CreateBackupQuery(), default));

        Assert.Equal("postgres", refused.Engine);
        Assert.Equal("backup-not-supported", refused.Code);
        Assert.Contains("pg_dump", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_NeedsAdmin()
    {
        var access = new CreateBackupQuery().Access;

        Assert.Contains("admin", access.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
