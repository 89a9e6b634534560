using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Consumers.StartConsumer;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class StartConsumerHandlerTests
{
    private const string Handler = "(event, state) => state";
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();

    [Theory]
    [InlineData(ConsumerStartStatus.Created, true)]
    [InlineData(ConsumerStartStatus.Unchanged, false)]
    [InlineData(ConsumerStartStatus.Resumed, false)]
    [InlineData(ConsumerStartStatus.Replaced, false)]
    public async Task Handle_Started_ReportsWhetherItWasCreated(ConsumerStartStatus status, bool created)
    {
        var snapshot = ConsumerSnapshots.Running("reader", 1);
        Arrange(new ConsumerStartOutcome(status, snapshot));

        var result = await new StartConsumerHandler(_consumers, Access.Unrestricted).Handle(new StartConsumerCommand(ConsumerId.Parse("reader"), StreamName.Parse("orders-1", allowAll: true), 1, Handler, null), default);

        Assert.Equal(created, result.Created);
        Assert.Same(snapshot, result.Consumer);
    }

    [Fact]
    public async Task Handle_NoState_DefinesAnEmptyObjectAndPassesEverythingThrough()
    {
        Arrange(new ConsumerStartOutcome(ConsumerStartStatus.Created, ConsumerSnapshots.Running("reader", 0)));

        await new StartConsumerHandler(_consumers, Access.Unrestricted).Handle(new StartConsumerCommand(ConsumerId.Parse("reader"), StreamName.Parse("orders/eu", allowAll: true), 3, Handler, null), default);

        await _consumers.Received(1).StartAsync(
            Arg.Is<ConsumerDefinition>(d => d.Id.Value == "reader" && d.Stream.Value == "orders/eu" && d.Handler == Handler && d.InitialState == "{}" && d.From == 3),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_StreamNotFound_ThrowsStreamNotFound()
    {
        Arrange(new ConsumerStartOutcome(ConsumerStartStatus.StreamNotFound, null));

        var exception = await Record.ExceptionAsync(() => new StartConsumerHandler(_consumers, Access.Unrestricted).Handle(new StartConsumerCommand(ConsumerId.Parse("reader"), StreamName.Parse("missing", allowAll: true), 0, Handler, "{\"a\":1}"), default).AsTask());

        Assert.IsType<StreamNotFoundException>(exception);
        Assert.Equal("Stream \"missing\" does not exist.", exception.Message);
    }

    [Fact]
    public async Task Handle_InvalidHandler_ThrowsInvalidRequestWithTheProtocolMessage()
    {
        Arrange(new ConsumerStartOutcome(ConsumerStartStatus.InvalidHandler, null, "SyntaxError"));

        var exception = await Record.ExceptionAsync(() => new StartConsumerHandler(_consumers, Access.Unrestricted).Handle(new StartConsumerCommand(ConsumerId.Parse("reader"), StreamName.Parse("orders-1", allowAll: true), 0, "(", null), default).AsTask());

        Assert.IsType<InvalidRequestException>(exception);
        Assert.Equal("handler must be a valid JavaScript function.", exception.Message);
    }

    [Fact]
    public async Task Handle_AllStream_IsAccepted()
    {
        Arrange(new ConsumerStartOutcome(ConsumerStartStatus.Created, ConsumerSnapshots.Running("reader", 0)));

        await new StartConsumerHandler(_consumers, Access.Unrestricted).Handle(new StartConsumerCommand(ConsumerId.Parse("reader"), StreamName.Parse("_all", allowAll: true), 0, Handler, null), default);

        await _consumers.Received(1).StartAsync(Arg.Is<ConsumerDefinition>(d => d.Stream.IsAll), Arg.Any<CancellationToken>());
    }

    private void Arrange(ConsumerStartOutcome outcome) =>
        _consumers.StartAsync(Arg.Any<ConsumerDefinition>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<ConsumerStartOutcome>(outcome));
}
