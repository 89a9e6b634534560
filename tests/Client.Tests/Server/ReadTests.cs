using System.Globalization;
using CleanEventStore.Client.Tests.Support;

namespace CleanEventStore.Client.Tests.Server;

/// <summary>Reads against the real Api: windows, the log, joins, categories, filters, refusals, and a large read that streams.</summary>
public sealed class ReadTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private EventStoreClient Client => server.Client;

    [Fact]
    public async Task ReadStreamAsync_Windows_SelectTheRevisionsThePathGrammarSays()
    {
        var stream = Names.Unique("orders");
        await Client.CommitAsync(stream, [.. Enumerable.Range(1, 5).Select(i => OrderPlaced.Of(i.ToString(CultureInfo.InvariantCulture), i).ToEvent())]);

        async Task<long[]> Revisions(ReadWindow? window) => [.. (await Client.ReadStreamAsync(stream, window).ToListAsync()).Select(e => e.StreamRevision)];

        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, await Revisions(null));
        Assert.Equal(new long[] { 2, 3 }, await Revisions(ReadWindow.Starting(2, 2)));
        Assert.Equal(new long[] { 5, 4 }, await Revisions(ReadWindow.Last(2)));
        Assert.Equal(new long[] { 4, 3, 2 }, await Revisions(new ReadWindow { From = 4, Until = 2 }));
        Assert.Equal(new long[] { 4, 5 }, await Revisions(new ReadWindow { From = -2 }));
        Assert.Equal(new long[] { 3, 2, 1 }, await Revisions(new ReadWindow { Until = 3, Backwards = 5 }));
    }

    [Fact]
    public async Task Reads_LogJoinCategoryAndFilter_ReturnTheEventsInGlobalOrder()
    {
        var category = "shop" + Guid.NewGuid().ToString("N");
        var eu = $"{category}-eu";
        var us = $"{category}/us";
        var a = await Client.CommitAsync(eu, [OrderPlaced.Of("a", 300).ToEvent()]);
        var b = await Client.CommitAsync(us, [OrderPlaced.Of("b", 20).ToEvent()]);
        var c = await Client.CommitAsync(eu, [OrderPlaced.Of("c", 150).ToEvent()]);

        var all = await Client.ReadAllAsync(new ReadWindow { From = a.FirstPosition, Until = c.LastPosition }).ToListAsync();
        var join = await Client.ReadJoinAsync([eu, us]).ToListAsync();
        var selected = await Client.ReadJoinAsync(Selector.AnyOf(us), ReadWindow.Starting(b.FirstPosition)).ToListAsync();
        var members = await Client.ReadCategoryAsync(category, ReadWindow.Last(2)).ToListAsync();
        var big = await Client.ReadCategoryAsync(category, filter: """{"payload":{"amount":{"$gte":100}}}""").ToListAsync();

        Assert.Equal([a.FirstPosition, b.FirstPosition, c.FirstPosition], all.Select(e => e.Position));
        Assert.Equal([eu, us, eu], join.Select(e => e.Stream));
        Assert.Equal([us], selected.Select(e => e.Stream));
        Assert.Equal(["c", "b"], members.Select(e => e.Deserialize(TestJsonContext.Default.OrderPlaced)!.OrderId));
        Assert.Equal(["a", "c"], big.Select(e => e.Deserialize(TestJsonContext.Default.OrderPlaced)!.OrderId));
    }

    [Fact]
    public async Task Reads_MissingStreamOrCategory_ThrowNotFound()
    {
        var stream = await Assert.ThrowsAsync<EventStoreNotFoundException>(async () => await Client.ReadStreamAsync(Names.Unique("missing")).ToListAsync());
        var category = await Assert.ThrowsAsync<EventStoreNotFoundException>(async () => await Client.ReadCategoryAsync("nothing" + Guid.NewGuid().ToString("N")).ToListAsync());
        var version = await Assert.ThrowsAsync<EventStoreNotFoundException>(() => Client.GetStreamVersionAsync(Names.Unique("missing")));

        Assert.Equal("stream-not-found", stream.Code);
        Assert.Equal("category-not-found", category.Code);
        Assert.Equal("stream-not-found", version.Code);
    }

    [Fact]
    public async Task ReadStreamAsync_LargeRead_IsConsumedAsItArrivesWithBoundedReadAhead()
    {
        const int Commits = 20;
        const int PerCommit = 200;
        var stream = Names.Unique("bulk");
        var pad = new string('x', 900);
        for (var c = 0; c < Commits; c++)
        {
            var events = Enumerable.Range(0, PerCommit).Select(i => EventData.FromJson($$"""{"type":"BulkLoaded","n":{{(c * PerCommit) + i}},"pad":"{{pad}}"}""")).ToArray();
            await Client.CommitAsync(stream, events);
        }

        var counter = new CountingHandler();
        using var test = server.NewClient(inner: () => counter);
        var count = 0;
        long consumed = 0, readAtFirst = -1, mostAhead = 0;

        await foreach (var e in test.Client.ReadStreamAsync(stream))
        {
            Assert.Equal(count, e.StreamVersion);
            count++;
            consumed += e.Document.Length + 1;
            if (count == 1)
            {
                readAtFirst = counter.BytesRead;
            }

            mostAhead = Math.Max(mostAhead, counter.BytesRead - consumed);
        }

        // The body is ~4.3 MB; the client never holds more than a pipe segment or two beyond what it handed out.
        Assert.Equal(Commits * PerCommit, count);
        Assert.Equal(consumed, counter.BytesRead);
        Assert.True(counter.BytesRead > 4_000_000, $"the body was {counter.BytesRead} bytes");
        Assert.True(readAtFirst < 256 * 1024, $"{readAtFirst} bytes were read before the first event was yielded");
        Assert.True(mostAhead < 256 * 1024, $"{mostAhead} bytes were read ahead of the events yielded");
    }

    [Fact]
    public async Task ReadStreamAsync_TypedPayloads_AreDeserialisedWithSourceGeneratedContexts()
    {
        var stream = Names.Unique("orders");
        await Client.CommitAsync(stream, [OrderPlaced.Of("1", 250, "eu", "vip").ToEvent()]);

        var placed = Assert.Single(await Client.ReadStreamAsync(stream).ToListAsync()).Deserialize(TestJsonContext.Default.OrderPlaced)!;

        Assert.Equal(("OrderPlaced", "1", 250), (placed.Type, placed.OrderId, placed.Amount));
        Assert.Equal(["eu", "vip"], placed.Tags!);
    }
}
