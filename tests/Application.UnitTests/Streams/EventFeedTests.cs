using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class EventFeedTests
{
    private static readonly ReadSource Source = new ReadSource.Stream(StreamName.Parse("orders-1"));
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly FakeTimeProvider _time = new();
    private readonly LongPolls _longPolls = new();

    private EventFeed Feed(ResolvedWindow window, long version, bool closed = false, ReadSource? source = null) =>
        new(_store, source ?? Source, window, null, new SourceVersion(version, closed), TimeSpan.FromSeconds(10), _time, _longPolls, Caller.Unrestricted);

    private static async Task<List<EventBatch>> Drain(IAsyncEnumerable<EventBatch> feed, CancellationToken cancellationToken = default)
    {
        var batches = new List<EventBatch>();
        await foreach (var batch in feed.WithCancellation(cancellationToken))
        {
            batches.Add(batch);
        }

        return batches;
    }

    /// <summary>Makes the wait for changes after <paramref name="known"/> block until cancelled; the task completes once it is entered.</summary>
    private Task BlockWaits(long known, ReadSource? source = null)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.WaitForChangeAsync(source ?? Source, known, Arg.Any<CancellationToken>()).Returns(call =>
        {
            var waiting = new TaskCompletionSource<SourceVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
            call.Arg<CancellationToken>().Register(() => waiting.TrySetCanceled());
            entered.TrySetResult();
            return new ValueTask<SourceVersion>(waiting.Task);
        });
        return entered.Task;
    }

    [Fact]
    public async Task Enumerate_WindowWithinTheHead_ReadsOnceWithoutWaiting()
    {
        _store.ReadAsync(Source, new ResolvedWindow(1, 2), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(2, "a", "b")));

        var batches = await Drain(Feed(new ResolvedWindow(1, 2), 5));

        Assert.Single(batches);
        await _store.DidNotReceiveWithAnyArgs().WaitForChangeAsync(default!, default, default);
    }

    [Fact]
    public async Task Enumerate_ForwardsPastTheHead_StreamsWhatExistsThenWaitsForTheRest()
    {
        _store.ReadAsync(Source, new ResolvedWindow(1, 1), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(1, "first")));
        _store.ReadAsync(Source, new ResolvedWindow(2, 3), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(3, "second", "third")));
        _store.WaitForChangeAsync(Source, 1, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion>(new SourceVersion(3, false)));

        var batches = await Drain(Feed(new ResolvedWindow(1, 3), 1));

        Assert.Equal([1, 2], batches.Select(b => b.Count));
    }

    [Fact]
    public async Task Enumerate_TimeoutWithNothingDelivered_Throws408BeforeAnyBatch()
    {
        var entered = BlockWaits(1);

        var drain = Drain(Feed(new ResolvedWindow(2, 99), 1));
        await entered;
        _time.Advance(TimeSpan.FromSeconds(11));
        var exception = await Assert.ThrowsAsync<ReadTimeoutException>(() => drain);

        Assert.Equal("Stream did not reach version 99 within 10000ms.", exception.Message);
    }

    [Fact]
    public async Task Enumerate_TimeoutOnAGlobalSource_SaysItIsAGlobalPosition()
    {
        var all = new ReadSource.Stream(StreamName.All);
        var entered = BlockWaits(1, all);

        var drain = Drain(Feed(new ResolvedWindow(2, 99), 1, source: all));
        await entered;
        _time.Advance(TimeSpan.FromSeconds(11));
        var exception = await Assert.ThrowsAsync<ReadTimeoutException>(() => drain);

        Assert.Equal("The log did not reach version 99 (global position 99) within 10000ms.", exception.Message);
    }

    [Fact]
    public async Task Enumerate_TimeoutAfterSomeEvents_EndsNormally()
    {
        _store.ReadAsync(Source, new ResolvedWindow(1, 1), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(1, "only")));
        var entered = BlockWaits(1);

        var drain = Drain(Feed(new ResolvedWindow(1, 99), 1));
        await entered;
        _time.Advance(TimeSpan.FromSeconds(11));
        var batches = await drain;

        Assert.Single(batches);
    }

    [Fact]
    public async Task Enumerate_ReversedWindow_WaitsForTheUpperBoundThenReadsItWhole()
    {
        _store.WaitForChangeAsync(Source, 2, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion>(new SourceVersion(4, false)));
        _store.ReadAsync(Source, new ResolvedWindow(4, 2), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(2, "4", "3", "2")));

        var batches = await Drain(Feed(new ResolvedWindow(4, 2), 2));

        Assert.Equal(3, Assert.Single(batches).Count);
    }

    [Fact]
    public async Task Enumerate_ClientGoesAway_EndsTheWaitWithCancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var entered = BlockWaits(1);

        var drain = Drain(Feed(new ResolvedWindow(5, 9), 1), cancellation.Token);
        await entered;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
    }

    [Fact]
    public async Task Enumerate_ClosedStreamBelowTheWindow_Throws409AtOnceWithoutWaiting()
    {
        var exception = await Assert.ThrowsAsync<StreamEndedException>(() => Drain(Feed(new ResolvedWindow(6, 10), 5, closed: true)));

        Assert.Equal("Stream \"orders-1\" is closed at version 5; it will never reach version 10.", exception.Message);
        await _store.DidNotReceiveWithAnyArgs().WaitForChangeAsync(default!, default, default);
    }

    [Fact]
    public async Task Enumerate_ClosedStreamPartlyInTheWindow_ReturnsWhatExistsWithoutWaiting()
    {
        _store.ReadAsync(Source, new ResolvedWindow(4, 5), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(5, "4", "5")));

        var batches = await Drain(Feed(new ResolvedWindow(4, 10), 5, closed: true));

        Assert.Equal(2, Assert.Single(batches).Count);
        await _store.DidNotReceiveWithAnyArgs().WaitForChangeAsync(default!, default, default);
    }

    [Fact]
    public async Task Enumerate_ClosedStreamAndReversedWindow_ReturnsWhatExistsBelowTheUpperBound()
    {
        _store.ReadAsync(Source, new ResolvedWindow(5, 3), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(3, "5", "4", "3")));

        var batches = await Drain(Feed(new ResolvedWindow(10, 3), 5, closed: true));

        Assert.Equal(3, Assert.Single(batches).Count);
    }

    [Fact]
    public async Task Enumerate_StreamClosedWhileWaiting_EndsTheWaitAt409()
    {
        _store.WaitForChangeAsync(Source, 1, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion>(new SourceVersion(1, true)));

        var exception = await Assert.ThrowsAsync<StreamEndedException>(() => Drain(Feed(new ResolvedWindow(2, 9), 1)));

        Assert.Equal(1, exception.Version);
    }

    [Fact]
    public async Task Enumerate_ServerStopsWhileWaiting_Throws503AndCountsNoOpenWait()
    {
        var entered = BlockWaits(1);

        var drain = Drain(Feed(new ResolvedWindow(2, 9), 1));
        await entered;
        Assert.Equal(1, _longPolls.Open);
        _longPolls.Stop();

        await Assert.ThrowsAsync<ServerStoppingException>(() => drain);
        Assert.Equal(0, _longPolls.Open);
    }

    [Fact]
    public async Task Enumerate_ServerStopsAfterSomeEvents_EndsNormally()
    {
        _store.ReadAsync(Source, new ResolvedWindow(1, 1), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(1, "only")));
        var entered = BlockWaits(1);

        var drain = Drain(Feed(new ResolvedWindow(1, 9), 1));
        await entered;
        _longPolls.Stop();

        Assert.Single(await drain);
    }
}
