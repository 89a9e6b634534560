using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Consumers.WaitForConsumer;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class WaitForConsumerHandlerTests
{
    private static readonly ConsumerId Reader = ConsumerId.Parse("reader");
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Handle_AlreadyThere_AnswersAtOnceWithoutWaiting()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 5));

        var result = await Handler().Handle(new WaitForConsumerQuery("reader", 3), default);

        Assert.Equal(5, result.Consumer.Position);
        await _consumers.DidNotReceiveWithAnyArgs().WaitForPositionAsync(default, default, default);
    }

    [Fact]
    public async Task Handle_Unknown_ThrowsNotFound()
    {
        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery("reader", 1), default).AsTask());

        Assert.IsType<ConsumerNotFoundException>(exception);
        Assert.Equal("Consumer \"reader\" does not exist.", exception.Message);
    }

    [Fact]
    public async Task Handle_ReachedWhileWaiting_ReturnsTheConsumer()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(_ => new ValueTask<ConsumerSnapshot?>(ConsumerSnapshots.Running("reader", 2, "{\"count\":1}")));

        var result = await Handler().Handle(new WaitForConsumerQuery("reader", 2), default);

        Assert.Equal("{\"count\":1}", result.Consumer.State);
    }

    [Fact]
    public async Task Handle_FaultedShortOfTheVersion_ThrowsFaultedAtOnce()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Faulted("reader", 1, "boom"));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery("reader", 2), default).AsTask());

        Assert.IsType<ConsumerFaultedException>(exception);
        Assert.Equal("Consumer \"reader\" is faulted: boom", exception.Message);
    }

    [Fact]
    public async Task Handle_FaultsWhileWaiting_ThrowsFaulted()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(_ => new ValueTask<ConsumerSnapshot?>(ConsumerSnapshots.Faulted("reader", 1, "late")));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery("reader", 4), default).AsTask());

        Assert.Equal("Consumer \"reader\" is faulted: late", exception!.Message);
    }

    [Fact]
    public async Task Handle_DeletedWhileWaiting_ThrowsNotFound()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(_ => new ValueTask<ConsumerSnapshot?>((ConsumerSnapshot?)null));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery("reader", 4), default).AsTask());

        Assert.IsType<ConsumerNotFoundException>(exception);
    }

    [Fact]
    public async Task Handle_TimeoutElapses_ThrowsWaitTimeoutWithTheProtocolMessage()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(call => new ValueTask<ConsumerSnapshot?>(Task.Delay(Timeout.Infinite, call.ArgAt<CancellationToken>(2)).ContinueWith<ConsumerSnapshot?>(_ => throw new OperationCanceledException(), TaskScheduler.Default)));

        var pending = Handler().Handle(new WaitForConsumerQuery("reader", 9), default).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(250));
        var exception = await Record.ExceptionAsync(() => pending);

        Assert.IsType<ConsumerWaitTimeoutException>(exception);
        Assert.Equal("Consumer \"reader\" did not reach version 9 within 250ms.", exception.Message);
    }

    [Fact]
    public async Task Handle_ClientGoesAway_CancelsTheWaitWithoutATimeout()
    {
        using var client = new CancellationTokenSource();
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(call => new ValueTask<ConsumerSnapshot?>(Task.Delay(Timeout.Infinite, call.ArgAt<CancellationToken>(2)).ContinueWith<ConsumerSnapshot?>(_ => throw new OperationCanceledException(), TaskScheduler.Default)));

        var pending = Handler().Handle(new WaitForConsumerQuery("reader", 9), client.Token).AsTask();
        await client.CancelAsync();
        var exception = await Record.ExceptionAsync(() => pending);

        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }

    private WaitForConsumerHandler Handler() =>
        new(_consumers, Options.Create(new EventStoreOptions { ConsumerPollTimeoutMs = 250 }), _time);

    private void ArrangeWait(Func<NSubstitute.Core.CallInfo, ValueTask<ConsumerSnapshot?>> answer) =>
        _consumers.WaitForPositionAsync(Reader, Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(answer);
}
