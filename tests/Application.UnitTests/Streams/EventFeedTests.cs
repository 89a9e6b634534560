// NSubstitute arranges ValueTask-returning members with .Returns(...), which CA2012 reports as unconsumed ValueTasks.
#pragma warning disable CA2012

using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class EventFeedTests
{
    private static readonly ReadSource Source = new ReadSource.Stream(StreamName.Parse("orders-1"));
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly FakeTimeProvider _time = new();

    private EventFeed Feed(ResolvedWindow window, long version) =>
        new(_store, Source, window, null, version, TimeSpan.FromSeconds(10), _time);

    private static async Task<List<EventBatch>> Drain(IAsyncEnumerable<EventBatch> feed, CancellationToken cancellationToken = default)
    {
        var batches = new List<EventBatch>();
        await foreach (var batch in feed.WithCancellation(cancellationToken))
        {
            batches.Add(batch);
        }

        return batches;
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
        _store.WaitForChangeAsync(Source, 1, Arg.Any<CancellationToken>()).Returns(new ValueTask<long>(3));

        var batches = await Drain(Feed(new ResolvedWindow(1, 3), 1));

        Assert.Equal([1, 2], batches.Select(b => b.Count));
    }

    [Fact]
    public async Task Enumerate_TimeoutWithNothingDelivered_Throws408BeforeAnyBatch()
    {
        var waiting = new TaskCompletionSource<long>();
        _store.WaitForChangeAsync(Source, 1, Arg.Any<CancellationToken>()).Returns(call =>
        {
            call.Arg<CancellationToken>().Register(() => waiting.TrySetCanceled());
            return new ValueTask<long>(waiting.Task);
        });

        var drain = Drain(Feed(new ResolvedWindow(2, 99), 1));
        _time.Advance(TimeSpan.FromSeconds(11));
        var exception = await Assert.ThrowsAsync<ReadTimeoutException>(() => drain);

        Assert.Equal("Stream did not reach version 99 within 10000ms.", exception.Message);
    }

    [Fact]
    public async Task Enumerate_TimeoutAfterSomeEvents_EndsNormally()
    {
        var waiting = new TaskCompletionSource<long>();
        _store.ReadAsync(Source, new ResolvedWindow(1, 1), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(1, "only")));
        _store.WaitForChangeAsync(Source, 1, Arg.Any<CancellationToken>()).Returns(call =>
        {
            call.Arg<CancellationToken>().Register(() => waiting.TrySetCanceled());
            return new ValueTask<long>(waiting.Task);
        });

        var drain = Drain(Feed(new ResolvedWindow(1, 99), 1));
        await Task.Delay(20);
        _time.Advance(TimeSpan.FromSeconds(11));
        var batches = await drain;

        Assert.Single(batches);
    }

    [Fact]
    public async Task Enumerate_ReversedWindow_WaitsForTheUpperBoundThenReadsItWhole()
    {
        _store.WaitForChangeAsync(Source, 2, Arg.Any<CancellationToken>()).Returns(new ValueTask<long>(4));
        _store.ReadAsync(Source, new ResolvedWindow(4, 2), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(2, "4", "3", "2")));

        var batches = await Drain(Feed(new ResolvedWindow(4, 2), 2));

        Assert.Equal(3, Assert.Single(batches).Count);
    }

    [Fact]
    public async Task Enumerate_ClientGoesAway_EndsTheWaitWithCancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var waiting = new TaskCompletionSource<long>();
        _store.WaitForChangeAsync(Source, 1, Arg.Any<CancellationToken>()).Returns(call =>
        {
            call.Arg<CancellationToken>().Register(() => waiting.TrySetCanceled());
            return new ValueTask<long>(waiting.Task);
        });

        var drain = Drain(Feed(new ResolvedWindow(5, 9), 1), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain);
    }
}
