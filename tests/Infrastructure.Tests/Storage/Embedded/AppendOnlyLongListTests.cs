using CleanEventStore.Infrastructure.Storage.Embedded.Indexing;

namespace CleanEventStore.Infrastructure.Tests.Storage.Embedded;

public sealed class AppendOnlyLongListTests
{
    [Fact]
    public void Append_AcrossChunks_KeepsEveryValue()
    {
        var list = new AppendOnlyLongList();

        for (var i = 0L; i < 100_000; i++)
        {
            list.Append(i * 3);
        }

        Assert.Equal(100_000, list.Count);
        Assert.Equal(0, list[0]);
        Assert.Equal(3 * 16_384, list[16_384]);
        Assert.Equal(299_997, list[99_999]);
    }

    [Fact]
    public void AppendRange_PublishesOnce_AndSearchesWork()
    {
        var list = new AppendOnlyLongList();

        list.AppendRange([.. Enumerable.Range(1, 40_000).Select(i => (long)i * 2)]);

        Assert.Equal(40_000, list.Count);
        Assert.Equal(0, list.LowerBound(1, list.Count));
        Assert.Equal(1, list.LowerBound(3, list.Count));
        Assert.Equal(40_000, list.LowerBound(1_000_000, list.Count));
        Assert.Equal(5, list.CountAtMost(11));
        Assert.Equal(40_000, list.CountAtMost(80_000));
    }

    [Fact]
    public async Task ReadersDuringAppends_NeverSeeUnwrittenValues()
    {
        var list = new AppendOnlyLongList();
        var done = false;
        var reader = Task.Run(() =>
        {
            var checkedValues = 0L;
            while (!Volatile.Read(ref done))
            {
                var count = list.Count;
                if (count > 0)
                {
                    Assert.Equal(count, list[count - 1]);
                    checkedValues++;
                }
            }

            return checkedValues;
        });

        for (var i = 1L; i <= 200_000; i++)
        {
            list.Append(i);
        }

        Volatile.Write(ref done, true);
        Assert.True(await reader >= 0);
        Assert.Equal(200_000, list[199_999]);
    }
}
