using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.UnitTests.Streams;

/// <summary>The examples of the wire protocol (section 4.2), on a stream of 5 events unless said otherwise.</summary>
public sealed class ReadWindowTests
{
    private static RevisionBound At(long n) => RevisionBound.At(n);

    [Fact]
    public void Resolve_Default_IsTheWholeStream()
    {
        Assert.Equal(new ResolvedWindow(1, 5), ReadWindow.Everything.Resolve(5));
    }

    [Fact]
    public void Resolve_Backwards2_IsTheLastTwoNewestFirst()
    {
        var window = new ReadWindow(null, null, ReadDirection.Backwards, 2).Resolve(5);

        Assert.Equal(new ResolvedWindow(5, 4), window);
        Assert.False(window.IsForward);
    }

    [Fact]
    public void Resolve_FromForwards()
    {
        Assert.Equal(new ResolvedWindow(2, 3), new ReadWindow(At(2), null, ReadDirection.Forwards, 2).Resolve(5));
    }

    [Fact]
    public void Resolve_LowerAboveUpper_ReadsInReverse()
    {
        Assert.Equal(new ResolvedWindow(4, 2), new ReadWindow(At(4), At(2), ReadDirection.Forwards, null).Resolve(5));
    }

    [Fact]
    public void Resolve_NegativeFrom_CountsFromTheEnd_AndClampsAtTheStart()
    {
        Assert.Equal(new ResolvedWindow(4, 5), new ReadWindow(At(-2), null, ReadDirection.Forwards, null).Resolve(5));
        Assert.Equal(new ResolvedWindow(1, 5), new ReadWindow(At(-10), null, ReadDirection.Forwards, null).Resolve(5));
    }

    [Fact]
    public void Resolve_StartAndEnd()
    {
        Assert.Equal(new ResolvedWindow(5, 5), new ReadWindow(RevisionBound.End, null, ReadDirection.Forwards, null).Resolve(5));
        Assert.Equal(new ResolvedWindow(5, 1), new ReadWindow(RevisionBound.End, RevisionBound.Start, ReadDirection.Forwards, null).Resolve(5));
    }

    [Fact]
    public void Resolve_UntilPastTheHead_IsALongPoll()
    {
        var window = new ReadWindow(At(1), At(99), ReadDirection.Forwards, null).Resolve(5);

        Assert.Equal(new ResolvedWindow(1, 99), window);
        Assert.True(window.ReachesPast(5));
        Assert.Equal(99, window.Target);
    }

    [Fact]
    public void Resolve_FromPastTheHeadWithoutUntil_WaitsForwards()
    {
        Assert.Equal(new ResolvedWindow(7, 7), new ReadWindow(At(7), null, ReadDirection.Forwards, null).Resolve(5));
        Assert.Equal(new ResolvedWindow(7, 16), new ReadWindow(At(7), null, ReadDirection.Forwards, 10).Resolve(5));
    }

    [Fact]
    public void Resolve_EmptyStream_PlainReadsAreEmpty()
    {
        Assert.True(ReadWindow.Everything.Resolve(0).IsEmpty);
        Assert.True(new ReadWindow(null, null, ReadDirection.Backwards, 3).Resolve(0).IsEmpty);
        Assert.False(ReadWindow.Everything.Resolve(0).ReachesPast(0));
    }

    [Theory]
    [InlineData("start", true)]
    [InlineData("end", true)]
    [InlineData("-3", true)]
    [InlineData("12", true)]
    [InlineData("0", false)]
    [InlineData("-0", false)]
    [InlineData("1.5", false)]
    [InlineData("+1", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void RevisionBound_TryParse(string text, bool valid)
    {
        Assert.Equal(valid, RevisionBound.TryParse(text, out _));
    }

    [Fact]
    public void RevisionBound_IsZero_RecognisesEveryZero()
    {
        Assert.True(RevisionBound.IsZero("0"));
        Assert.True(RevisionBound.IsZero("-000"));
        Assert.False(RevisionBound.IsZero("10"));
        Assert.False(RevisionBound.IsZero("end"));
    }
}
