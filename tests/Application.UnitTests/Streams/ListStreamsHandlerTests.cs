using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.ListStreams;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class ListStreamsHandlerTests
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

    private static StreamInfo Info(string name, StreamKind kind = StreamKind.Write) => new(Values.Stream(name), kind, 1, false, null);

    [Fact]
    public async Task Handle_HidesNamesStartingWithAnUnderscoreAndKeepsTheOrder()
    {
        _store.ListStreamsAsync(Arg.Any<CancellationToken>()).Returns(Streams(Info("b-1"), Info("_all", StreamKind.All), Info("OrderPlaced", StreamKind.Type), Info("a-1")));

        var result = await new ListStreamsHandler(_store).Handle(new ListStreamsQuery(), default);

        var names = new List<string>();
        await foreach (var stream in result.Streams)
        {
            names.Add(stream.Name.Value);
        }

        Assert.Equal(["b-1", "OrderPlaced", "a-1"], names);
    }

    [Fact]
    public async Task Handle_IsLazy_TheStoreIsListedOnlyWhenEnumerated()
    {
        _store.ListStreamsAsync(Arg.Any<CancellationToken>()).Returns(Streams());

        var result = await new ListStreamsHandler(_store).Handle(new ListStreamsQuery(), default);

        _store.DidNotReceiveWithAnyArgs().ListStreamsAsync(default);
        await foreach (var unused in result.Streams)
        {
        }

        _store.Received(1).ListStreamsAsync(Arg.Any<CancellationToken>());
    }
}
