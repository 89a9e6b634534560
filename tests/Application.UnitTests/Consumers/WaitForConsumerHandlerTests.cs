using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Consumers.WaitForConsumer;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Consumers;

public sealed class WaitForConsumerHandlerTests
{
    private static readonly ConsumerId Reader = ConsumerId.Parse("reader");
    private static readonly ReadSource Stream = new ReadSource.Stream(StreamName.Parse("orders-1"));
    private readonly IConsumerManager _consumers = Substitute.For<IConsumerManager>();
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly LongPolls _longPolls = new();
    private readonly FakeTimeProvider _time = new();

    public WaitForConsumerHandlerTests()
    {
        // The handler's first lookup (FindAsync) answers what the registry (Find) holds, as the manager does when it knows the consumer.
        _consumers.FindAsync(Arg.Any<ConsumerId>(), Arg.Any<CancellationToken>())
            .Returns(call => new ValueTask<ConsumerSnapshot?>(_consumers.Find(call.Arg<ConsumerId>())));
    }

    [Fact]
    public async Task Handle_AlreadyThere_AnswersAtOnceWithoutWaiting()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 5));

        var result = await Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 3), default);

        Assert.Equal(5, result.Consumer.Position);
        await _consumers.DidNotReceiveWithAnyArgs().WaitForPositionAsync(default, default, default);
    }

    [Fact]
    public async Task Handle_Unknown_ThrowsNotFound()
    {
        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 1), default).AsTask());

        Assert.IsType<ConsumerNotFoundException>(exception);
        Assert.Equal("Consumer \"reader\" does not exist.", exception.Message);
    }

    [Fact]
    public async Task Handle_ReachedWhileWaiting_ReturnsTheConsumer()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(_ => new ValueTask<ConsumerSnapshot?>(ConsumerSnapshots.Running("reader", 2, "{\"count\":1}")));

        var result = await Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 2), default);

        Assert.Equal("{\"count\":1}", result.Consumer.State);
    }

    [Fact]
    public async Task Handle_FaultedShortOfTheVersion_ThrowsFaultedAtOnce()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Faulted("reader", 1, "boom"));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 2), default).AsTask());

        Assert.IsType<ConsumerFaultedException>(exception);
        Assert.Equal("Consumer \"reader\" is faulted: boom", exception.Message);
    }

    [Fact]
    public async Task Handle_FaultsWhileWaiting_ThrowsFaulted()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(_ => new ValueTask<ConsumerSnapshot?>(ConsumerSnapshots.Faulted("reader", 1, "late")));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 4), default).AsTask());

        Assert.Equal("Consumer \"reader\" is faulted: late", exception!.Message);
    }

    [Fact]
    public async Task Handle_DeletedWhileWaiting_ThrowsNotFound()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(_ => new ValueTask<ConsumerSnapshot?>((ConsumerSnapshot?)null));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 4), default).AsTask());

        Assert.IsType<ConsumerNotFoundException>(exception);
    }

    [Fact]
    public async Task Handle_TimeoutElapses_ThrowsWaitTimeoutWithTheProtocolMessage()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        ArrangeWait(call => new ValueTask<ConsumerSnapshot?>(Task.Delay(Timeout.Infinite, call.ArgAt<CancellationToken>(2)).ContinueWith<ConsumerSnapshot?>(_ => throw new OperationCanceledException(), TaskScheduler.Default)));

        var pending = Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 9), default).AsTask();
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

        var pending = Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 9), client.Token).AsTask();
        await client.CancelAsync();
        var exception = await Record.ExceptionAsync(() => pending);

        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }

    [Fact]
    public async Task Handle_StreamClosedBelowTheVersion_Throws409AtOnce()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 3));
        _store.GetVersionAsync(Stream, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(3, true)));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 4), default).AsTask());

        Assert.IsType<StreamEndedException>(exception);
        Assert.Equal("Consumer \"reader\" will never reach version 4: its stream \"orders-1\" is closed at version 3.", exception.Message);
        await _consumers.DidNotReceiveWithAnyArgs().WaitForPositionAsync(default, default, default);
    }

    [Fact]
    public async Task Handle_StreamClosedAboveTheVersion_WaitsForTheConsumer()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        _store.GetVersionAsync(Stream, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(5, true)));
        ArrangeWait(_ => new ValueTask<ConsumerSnapshot?>(ConsumerSnapshots.Running("reader", 5)));

        var result = await Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 5), default);

        Assert.Equal(5, result.Consumer.Position);
    }

    [Fact]
    public async Task Handle_StreamClosedWhileWaiting_Throws409()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 2));
        _store.GetVersionAsync(Stream, Arg.Any<CancellationToken>()).Returns(
            new ValueTask<SourceVersion?>(new SourceVersion(2, false)),
            new ValueTask<SourceVersion?>(new SourceVersion(2, true)));
        _store.WaitForChangeAsync(Stream, 2, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion>(new SourceVersion(2, true)));
        ArrangeWait(call => new ValueTask<ConsumerSnapshot?>(Task.Delay(Timeout.Infinite, call.ArgAt<CancellationToken>(2)).ContinueWith<ConsumerSnapshot?>(_ => throw new OperationCanceledException(), TaskScheduler.Default)));

        var exception = await Record.ExceptionAsync(() => Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 9), default).AsTask());

        Assert.IsType<StreamEndedException>(exception);
    }

    [Fact]
    public async Task Handle_ServerStopsWhileWaiting_Throws503()
    {
        _consumers.Find(Reader).Returns(ConsumerSnapshots.Running("reader", 1));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ArrangeWait(call =>
        {
            entered.TrySetResult();
            return new ValueTask<ConsumerSnapshot?>(Task.Delay(Timeout.Infinite, call.ArgAt<CancellationToken>(2)).ContinueWith<ConsumerSnapshot?>(_ => throw new OperationCanceledException(), TaskScheduler.Default));
        });

        var pending = Handler().Handle(new WaitForConsumerQuery(ConsumerId.Parse("reader"), 9), default).AsTask();
        await entered.Task;
        Assert.Equal(1, _longPolls.Open);
        _longPolls.Stop();
        var exception = await Record.ExceptionAsync(() => pending);

        Assert.IsType<ServerStoppingException>(exception);
        Assert.Equal(0, _longPolls.Open);
    }

    private WaitForConsumerHandler Handler() =>
        new(_consumers, _store, _longPolls, Access.Unrestricted, Options.Create(new EventStoreOptions { ConsumerPollTimeoutMs = 250 }), _time);

    private void ArrangeWait(Func<NSubstitute.Core.CallInfo, ValueTask<ConsumerSnapshot?>> answer) =>
        _consumers.WaitForPositionAsync(Reader, Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(answer);
}
