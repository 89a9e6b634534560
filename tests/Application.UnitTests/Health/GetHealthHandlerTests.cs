using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Health.GetHealth;
using CleanEventStore.Domain.Security;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Health;

public sealed class GetHealthHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();
    private readonly LongPolls _longPolls = new();

    internal static StoreStatistics Statistics(bool open = true, bool writable = true, string? fault = null) =>
        new(open, writable, 42, 5, "file", "Fsync", 4096, [new SegmentStatistics("00000001.seg", 1, 4096, 64)], new IndexStatistics(42, 60, 40, 5), fault);

    private GetHealthHandler Handler => new(_store, _consumers, _longPolls);

    [Fact]
    public async Task Handle_OpenAndWritable_IsHealthyWithTheStoresCounters()
    {
        _store.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<StoreStatistics>(Statistics()));
        _consumers.Count.Returns(2);
        using var lease = _longPolls.Enter(Caller.Unrestricted);

        var result = await Handler.Handle(new GetHealthQuery(), default);

        Assert.True(result.Healthy);
        Assert.Equal(42, result.Length);
        Assert.Equal(5, result.Streams);
        Assert.Equal(2, result.Consumers);
        Assert.Equal("file", result.Engine);
        Assert.Equal("Fsync", result.Durability);
        Assert.Equal(1, result.OpenLongPolls);
        Assert.Null(result.FaultReason);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Handle_ClosedOrNotWritable_IsUnhealthyWithTheReason(bool open, bool writable)
    {
        _store.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<StoreStatistics>(Statistics(open, writable, "disk full")));

        var result = await Handler.Handle(new GetHealthQuery(), default);

        Assert.False(result.Healthy);
        Assert.Equal(open, result.Open);
        Assert.Equal(writable, result.Writable);
        Assert.Equal("disk full", result.FaultReason);
    }
}
