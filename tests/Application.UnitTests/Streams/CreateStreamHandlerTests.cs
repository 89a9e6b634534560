using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.CreateStream;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class CreateStreamHandlerTests
{
    private static readonly StreamName Vip = Values.Stream("vip-orders");
    private static readonly Matcher ByTier = Values.Matcher("tier", "vip");
    private readonly IEventStore _store = Substitute.For<IEventStore>();

    private CreateStreamHandler Handler => new(_store);

    private void StoreReturns(StreamChangeOutcome outcome) =>
        _store.CreateStreamAsync(Vip, ByTier, Arg.Any<CancellationToken>()).Returns(new ValueTask<StreamChangeOutcome>(outcome));

    [Fact]
    public async Task Handle_Created_ReturnsTheStreamAndTheEventsItAlreadyHolds()
    {
        StoreReturns(new StreamChangeOutcome(StreamChangeStatus.Done, Version: 3));

        var result = await Handler.Handle(new CreateStreamCommand(Vip, ByTier), default);

        Assert.Equal(Vip, result.Stream);
        Assert.Equal(3, result.Version);
        await _store.Received(1).CreateStreamAsync(Vip, ByTier, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_AlreadyExists_Throws409NamingTheStream()
    {
        StoreReturns(new StreamChangeOutcome(StreamChangeStatus.AlreadyExists));

        var exception = await Record.ExceptionAsync(() => Handler.Handle(new CreateStreamCommand(Vip, ByTier), default).AsTask());

        Assert.Contains("vip-orders", Assert.IsType<StreamAlreadyExistsException>(exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_UnexpectedOutcome_IsAProgrammingError()
    {
        StoreReturns(new StreamChangeOutcome(StreamChangeStatus.NotFound));

        var exception = await Record.ExceptionAsync(() => Handler.Handle(new CreateStreamCommand(Vip, ByTier), default).AsTask());

        Assert.IsType<InvalidOperationException>(exception);
    }
}
