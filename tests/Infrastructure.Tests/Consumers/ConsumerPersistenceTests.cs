using CleanEventStore.Domain.Consumers;
using CleanEventStore.Infrastructure.Consumers.Persistence;
using CleanEventStore.Infrastructure.Tests.Support;

namespace CleanEventStore.Infrastructure.Tests.Consumers;

public sealed class ConsumerPersistenceTests : IDisposable
{
    private static readonly ConsumerId Id = ConsumerId.Parse("reader");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Header_RoundTrips()
    {
        var header = new ConsumerFileHeader(ConsumerFileKind.Checkpoint, 1234, 0xDEADBEEF);
        Span<byte> bytes = stackalloc byte[ConsumerFileHeader.Size];

        header.Format(bytes);

        Assert.Equal(header, ConsumerFileHeader.Parse(bytes));
    }

    [Fact]
    public void Checkpoint_RoundTrips()
    {
        var checkpoint = new ConsumerCheckpoint(7, 3, 42, "{\"s\":\"é\"}", "boom ✗", 43);

        var parsed = ConsumerCheckpoint.Parse(checkpoint.ToBody());

        Assert.Equal(checkpoint, parsed);
    }

    [Fact]
    public void Definition_RoundTrips()
    {
        var definition = new PersistedDefinition(ConsumerHarness.Definition("reader", "orders/eu", "(e, s) => \"ü\"", "{\"a\":[1,{\"b\":null}]}", 5), 2, 9);

        var parsed = PersistedDefinition.Parse(definition.ToJson());

        Assert.Equal(definition, parsed);
    }

    [Fact]
    public void LatestCheckpoint_NewestDamaged_UsesThePreviousPair()
    {
        var files = Files();
        files.WriteDefinition(new PersistedDefinition(ConsumerHarness.Definition("reader", "s"), 1, 1));
        files.WriteCheckpoint(Id, new ConsumerCheckpoint(1, 1, 10, "{\"count\":10}", null, null));
        files.WriteCheckpoint(Id, new ConsumerCheckpoint(2, 1, 20, "{\"count\":20}", null, null));
        var newest = Path.Combine(files.DirectoryPath, "reader.checkpoint.0");

        var intact = files.LatestCheckpoint(Id, 1);
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes.AsSpan(0, bytes.Length - 3).ToArray());
        var afterTear = files.LatestCheckpoint(Id, 1);
        bytes[^1] ^= 0x20;
        File.WriteAllBytes(newest, bytes);
        var afterFlip = files.LatestCheckpoint(Id, 1);

        Assert.Equal(20, intact!.Position);
        Assert.Equal(10, afterTear!.Position);
        Assert.Equal("{\"count\":10}", afterTear.State);
        Assert.Equal(10, afterFlip!.Position);
    }

    [Fact]
    public void LatestCheckpoint_OfAnOlderGeneration_IsIgnored()
    {
        var files = Files();
        files.WriteCheckpoint(Id, new ConsumerCheckpoint(5, 1, 50, "{}", null, null));

        Assert.Null(files.LatestCheckpoint(Id, 2));
        Assert.NotNull(files.LatestCheckpoint(Id, 1));
    }

    [Fact]
    public void LoadAll_SkipsDamagedDefinitionsAndRemovesLeftovers()
    {
        var files = Files();
        files.WriteDefinition(new PersistedDefinition(ConsumerHarness.Definition("b", "s"), 1, 2));
        files.WriteDefinition(new PersistedDefinition(ConsumerHarness.Definition("a", "s"), 1, 1));
        files.WriteDefinition(new PersistedDefinition(ConsumerHarness.Definition("broken", "s"), 1, 3));
        File.WriteAllText(Path.Combine(files.DirectoryPath, "broken.consumer"), "garbage");
        File.WriteAllText(Path.Combine(files.DirectoryPath, "orphan.checkpoint.0"), "x");
        File.WriteAllText(Path.Combine(files.DirectoryPath, "a.checkpoint.1.tmp"), "x");

        var (consumers, damaged) = files.LoadAll();

        Assert.Equal(["a", "b"], consumers.Select(c => c.Definition.Definition.Id.Value));
        Assert.Equal(["broken.consumer"], damaged);
        Assert.False(File.Exists(Path.Combine(files.DirectoryPath, "orphan.checkpoint.0")));
        Assert.False(File.Exists(Path.Combine(files.DirectoryPath, "a.checkpoint.1.tmp")));
        Assert.True(File.Exists(Path.Combine(files.DirectoryPath, "broken.consumer")));
    }

    private ConsumerFileStore Files() => new(_directory.Path, fsync: true);
}
