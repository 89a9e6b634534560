using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>The client's follow against the real Api's follow (not a scripted one): history, caughtUp, a live event, a resume.</summary>
public sealed class FollowServerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private EventStoreClient Client => server.Client;

    [Fact]
    public async Task FollowAsync_AgainstTheServer_GetsTheHistoryCaughtUpAndLiveEvents_AndResumesAfterAPosition()
    {
        var stream = Names.Unique("orders");
        var first = await Client.CommitAsync(stream, [OrderPlaced.Of("a", 1).ToEvent(), OrderPlaced.Of("b", 2).ToEvent()]);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var messages = new List<FollowMessage>();
        await using (var follow = Client.FollowAsync(FollowTarget.Stream(stream), cancellationToken: deadline.Token).GetAsyncEnumerator(deadline.Token))
        {
            while (messages.Count(m => m.Kind == FollowMessageKind.Event) < 3)
            {
                Assert.True(await follow.MoveNextAsync());
                messages.Add(follow.Current);
                if (follow.Current.Kind == FollowMessageKind.CaughtUp)
                {
                    await Client.CommitAsync(stream, [OrderPlaced.Of("c", 3).ToEvent()]);
                }
            }
        }

        var events = messages.Where(m => m.Kind == FollowMessageKind.Event).Select(m => m.Event!).ToList();
        var resumed = new List<RecordedEvent>();
        await foreach (var message in Client.FollowAsync(FollowTarget.Stream(stream), new FollowOptions { After = events[0].Position }, deadline.Token))
        {
            if (message.Kind == FollowMessageKind.CaughtUp)
            {
                break;
            }

            if (message.Kind == FollowMessageKind.Event)
            {
                resumed.Add(message.Event!);
            }
        }

        Assert.Equal(FollowMessageKind.CaughtUp, messages[2].Kind);
        Assert.Equal([first.FirstPosition, first.FirstPosition + 1, first.FirstPosition + 2], events.Select(e => e.Position));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.StreamRevision));
        Assert.Equal(events.Skip(1).Select(e => e.Position), resumed.Select(e => e.Position));
    }
}
