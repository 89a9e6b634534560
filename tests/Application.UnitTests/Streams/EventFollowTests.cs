using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Application.UnitTests.Support;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Security;
using CleanEventStore.Domain.Streams;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Streams;

public sealed class EventFollowTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    private static readonly StreamName Orders = StreamName.Parse("orders-1");
    private static readonly ReadSource All = new ReadSource.Stream(StreamName.All);
    private readonly IEventStore _store = Substitute.For<IEventStore>();
    private readonly FakeTimeProvider _time = new();
    private readonly LongPolls _longPolls = new();

    private EventFollow Follow(ReadSource source, long after = 0, long startRevision = 0, LongPolls? longPolls = null) =>
        new(_store, source, after, startRevision, null, Heartbeat, _time, longPolls ?? _longPolls, Caller.Unrestricted);

    /// <summary>Every wait on <paramref name="source"/> blocks until it is cancelled (the heartbeat's timeout, or the end).</summary>
    private void WaitsBlock(ReadSource source) =>
        _store.WaitForChangeAsync(source, Arg.Any<long>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var waiting = new TaskCompletionSource<SourceVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
            call.Arg<CancellationToken>().Register(() => waiting.TrySetCanceled());
            return new ValueTask<SourceVersion>(waiting.Task);
        });

    private void HeadIs(long head)
    {
        _store.GetHeadAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<long>(head));
        _store.KnownHead.Returns(head);
    }

    /// <summary>
    /// Moves the follow on and lets the heartbeat interval pass: the follow sets its wait's timeout before its
    /// <c>MoveNextAsync</c> returns, so advancing the clock after it is what ends that wait.
    /// </summary>
    private async Task<FollowItem> NextAfterHeartbeatAsync(IAsyncEnumerator<FollowItem> follow)
    {
        var next = follow.MoveNextAsync().AsTask();
        _time.Advance(Heartbeat);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30)));
        return follow.Current;
    }

    [Fact]
    public async Task Follow_SendsTheHistoryThenCaughtUpAtTheHead_ThenHeartbeatsWhoseHeadAdvancesPastWhatTheFilterSkips()
    {
        HeadIs(3);
        WaitsBlock(All);
        _store.ReadAsync(All, new ResolvedWindow(1, 3), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of(new TextBatch(3, "a", "b", "c")));
        using var cancel = new CancellationTokenSource();
        await using var follow = Follow(All).GetAsyncEnumerator(cancel.Token);

        Assert.True(await follow.MoveNextAsync());
        var history = follow.Current;
        Assert.True(await follow.MoveNextAsync());
        var caughtUp = follow.Current;
        var idle = await NextAfterHeartbeatAsync(follow);
        HeadIs(8);
        _store.ReadAsync(All, new ResolvedWindow(4, 8), null, Arg.Any<CancellationToken>()).Returns(TextBatch.Of());
        var advanced = await NextAfterHeartbeatAsync(follow);

        Assert.Equal(FollowItemKind.Events, history.Kind);
        Assert.Equal(new FollowItem(FollowItemKind.CaughtUp, null, 3), caughtUp);
        Assert.Equal(new FollowItem(FollowItemKind.Heartbeat, null, 3), idle);
        Assert.Equal(new FollowItem(FollowItemKind.Heartbeat, null, 8), advanced);
        Assert.Equal(1, _longPolls.OpenFollowers);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await follow.MoveNextAsync());
        Assert.Equal(0, _longPolls.OpenFollowers);
    }

    [Fact]
    public async Task Follow_StreamWindowStartingPastItsEnd_SendsNoEventBelowTheStartRevision_ThenReadsFromItsPosition()
    {
        var stream = new ReadSource.Stream(Orders);
        HeadIs(5);
        _store.GetVersionAsync(stream, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(1, false)));
        var woken = new TaskCompletionSource<SourceVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
        WaitsBlock(stream);
        _store.WaitForChangeAsync(stream, 1, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion>(woken.Task));
        await using var follow = Follow(stream, startRevision: 3).GetAsyncEnumerator();

        Assert.True(await follow.MoveNextAsync());
        var caughtUp = follow.Current;
        HeadIs(9);
        _store.GetVersionAsync(stream, Arg.Any<CancellationToken>()).Returns(new ValueTask<SourceVersion?>(new SourceVersion(4, false)));
        _store.ReadAsync(stream, new ResolvedWindow(3, 3), null, Arg.Any<CancellationToken>())
            .Returns(TextBatch.Of(new TextBatch(3, "third") { FirstPosition = 8 }));
        _store.ReadAsync(Arg.Is<ReadSource>(source => source is ReadSource.Join), new ResolvedWindow(8, 9), null, Arg.Any<CancellationToken>())
            .Returns(TextBatch.Of(new TextBatch(9, "third", "fourth") { FirstPosition = 8 }));
        var next = follow.MoveNextAsync();
        woken.SetResult(new SourceVersion(4, false));
        Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(new FollowItem(FollowItemKind.CaughtUp, null, 5), caughtUp);
        Assert.Equal(FollowItemKind.Events, follow.Current.Kind);
        Assert.Equal([8L, 9L], [follow.Current.Events!.PositionAt(0), follow.Current.Events!.PositionAt(1)]);
        _store.Received(1).ReadAsync(Arg.Is<ReadSource>(source => source is ReadSource.Join), Arg.Any<ResolvedWindow>(), Arg.Any<IEventFilter?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Follow_OverTheFollowerCap_IsRefusedWith429BeforeAnythingIsSent()
    {
        HeadIs(0);
        WaitsBlock(All);
        using var limited = new LongPolls(Options.Create(new RateLimitOptions { MaxFollowers = 1 }));
        await using var first = Follow(All, longPolls: limited).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());
        await using var second = Follow(All, longPolls: limited).GetAsyncEnumerator();

        var refused = await Assert.ThrowsAsync<TooManyRequestsException>(async () => await second.MoveNextAsync());

        Assert.Contains("RateLimit:MaxFollowers", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, limited.Open);
        Assert.Equal(1, limited.OpenFollowers);
    }

    [Theory]
    [InlineData("-1", 40L, 40L, 0L)]
    [InlineData("3", 40L, 40L, 3L)]
    [InlineData("end", null, 0L, 10L)]
    public void CreateFollow_StreamStartAndResumePosition(string from, long? after, long expectedAfter, long expectedStartRevision)
    {
        Assert.True(RevisionBound.TryParse(from, out var bound));
        var reads = new EventReads(_store, Substitute.For<IEventFilterFactory>(), Options.Create(new EventStoreOptions()), _time, _longPolls, new UnrestrictedCallerContext());

        var follow = reads.CreateFollow(new ReadSource.Stream(Orders), bound, new SourceVersion(10, false), null, new FollowRequest(after));

        Assert.Equal(expectedAfter, follow.After);
        Assert.Equal(expectedStartRevision, follow.StartRevision);
    }

    [Theory]
    [InlineData("-2", 40L, 40L)]
    [InlineData("50", 40L, 49L)]
    [InlineData("20", 40L, 40L)]
    [InlineData("-2", null, 8L)]
    public void CreateFollow_GlobalStartAndResumePosition_AnAbsoluteStartStillHolds(string from, long? after, long expectedAfter)
    {
        Assert.True(RevisionBound.TryParse(from, out var bound));
        var reads = new EventReads(_store, Substitute.For<IEventFilterFactory>(), Options.Create(new EventStoreOptions()), _time, _longPolls, new UnrestrictedCallerContext());

        var follow = reads.CreateFollow(All, bound, new SourceVersion(10, false), null, new FollowRequest(after));

        Assert.Equal(expectedAfter, follow.After);
        Assert.Equal(0, follow.StartRevision);
    }
}
