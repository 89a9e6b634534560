using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Health.GetStorageStatistics;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Health;

public sealed class GetStorageStatisticsHandlerTests
{
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    private static async IAsyncEnumerable<StreamInfo> Streams(params StreamInfo[] streams)
    {
        foreach (var stream in streams)
        {
            await Task.Yield();
            yield return stream;
        }
    }

    [Fact]
    public async Task Handle_ReturnsTheStatisticsAndEveryStreamIncludingHiddenOnes()
    {
        var statistics = GetHealthHandlerTests.Statistics();
        _store.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<StoreStatistics>(statistics));
        _store.ListStreamsAsync(Arg.Any<CancellationToken>()).Returns(Streams(
            new StreamInfo(StreamName.All, StreamKind.All, 42, false, null),
            new StreamInfo(Values.Stream("orders-1"), StreamKind.Write, 3, true, null)));

        var result = await new GetStorageStatisticsHandler(_store).Handle(new GetStorageStatisticsQuery(), default);

        Assert.Same(statistics, result.Statistics);
        var names = new List<string>();
        await foreach (var stream in result.Streams)
        {
            names.Add(stream.Name.Value);
        }

        Assert.Equal(["_all", "orders-1"], names);
    }
}
