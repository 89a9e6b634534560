using CleanEventStore.Api.FunctionalTests.Support;
using CleanEventStore.Infrastructure.Storage.Embedded;
using CleanEventStore.Infrastructure.Storage.Embedded.Backup;

namespace CleanEventStore.Api.FunctionalTests.Backup;

/// <summary><see cref="StoreVerifier"/> over a data directory a server wrote and closed (so its indexes are checkpointed).</summary>
public sealed class StoreVerifierTests : IDisposable
{
    private const string Needle = "verify-needle";

    private readonly string _directory = BackupArchives.TempDirectory();

    public void Dispose() => BackupArchives.DeleteQuietly(_directory);

    [Fact]
    public async Task Verify_OfAGoodDirectory_PassesAndCountsEveryEvent()
    {
        await WriteStoreAsync();
        var before = Snapshot();

        var report = await StoreVerifier.VerifyAsync(_directory, null, CancellationToken.None);

        Assert.True(report.Ok, string.Join("; ", report.Problems.Select(problem => problem.Message)));
        Assert.Empty(report.Problems);
        Assert.Equal(4, report.Events);
        Assert.Equal(4, report.IndexedHead);
        Assert.True(report.ConsumerFiles >= 2);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Verify_OfASegmentWithAFlippedByte_ReportsTheRecordsCrc()
    {
        await WriteStoreAsync();
        var segment = Path.Combine(_directory, "log", "00000000.seg");
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[BackupArchives.IndexOf(bytes, Needle) + 2] ^= 0x01;
        await File.WriteAllBytesAsync(segment, bytes);

        var report = await StoreVerifier.VerifyAsync(_directory, null, CancellationToken.None);

        Assert.False(report.Ok);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(StoreVerifySeverity.Error, problem.Severity);
        Assert.Equal("log/00000000.seg", problem.File);
        Assert.Contains("CRC-32C", problem.Message, StringComparison.Ordinal);
        Assert.Contains("position 2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OfADamagedPositionIndex_ReportsTheEntryThatPointsElsewhere()
    {
        await WriteStoreAsync();
        var positions = Path.Combine(_directory, "index", "positions.idx");
        var bytes = await File.ReadAllBytesAsync(positions);
        bytes[64 + 8] ^= 0x10;
        await File.WriteAllBytesAsync(positions, bytes);

        var report = await StoreVerifier.VerifyAsync(_directory, null, CancellationToken.None);

        Assert.False(report.Ok);
        var problem = Assert.Single(report.Problems);
        Assert.Equal("index/positions.idx", problem.File);
        Assert.Equal(64 + 8, problem.Offset);
        Assert.Contains("position 2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OfADirectoryInUse_IsRefusedUnlessAllowed()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();
        await client.CommitAsync("in-use-1", "{\"type\":\"A\"}");

        await Assert.ThrowsAsync<DataDirectoryInUseException>(() => StoreVerifier.VerifyAsync(factory.DataDirectory, null, CancellationToken.None));
        var report = await StoreVerifier.VerifyAsync(factory.DataDirectory, new StoreVerifyOptions { AllowInUse = true }, CancellationToken.None);
        await client.CommitAsync("in-use-1", "{\"type\":\"B\"}");

        Assert.True(report.InUse);
        Assert.True(report.Ok, string.Join("; ", report.Problems.Select(problem => problem.Message)));
        Assert.Equal(1, report.Events);
    }

    private async Task WriteStoreAsync()
    {
        using var factory = new ApiFactory().With("EventStore:StorageDirectory", _directory);
        var client = factory.CreateClient();
        await client.CommitAsync("verify-1", "{\"type\":\"A\"}", $"{{\"type\":\"B\",\"text\":\"{Needle}\"}}");
        await client.CommitAsync("verify-2", "{\"type\":\"C\"}", "{\"type\":\"D\"}");
        await client.StartConsumerAsync("verified/stream/_all", ConsumerApi.Counter);
        await client.AfterAsync("verified", 4);
    }

    private Dictionary<string, (long, DateTime)> Snapshot() =>
        Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories)
            .ToDictionary(path => path, path => (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path)));
}
