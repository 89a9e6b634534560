using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.UnitTests.Streams;

public sealed class ExpectedVersionTests
{
    [Theory]
    [InlineData("any", -1)]
    [InlineData(" ANY ", -1)]
    [InlineData("empty", 0)]
    [InlineData("EmptyStream", 0)]
    [InlineData("7", 7)]
    [InlineData("-1", -1)]
    public void TryParse_WireSpellings(string text, long expected)
    {
        Assert.True(ExpectedVersion.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1.5")]
    [InlineData("-2")]
    public void TryParse_Rejects_Everything_Else(string text)
    {
        Assert.False(ExpectedVersion.TryParse(text, out _));
    }

    [Fact]
    public void IsSatisfiedBy_AnyMatchesEverything_ExactOnlyItsVersion()
    {
        Assert.True(ExpectedVersion.Any.IsSatisfiedBy(42));
        Assert.True(ExpectedVersion.Empty.IsSatisfiedBy(0));
        Assert.False(ExpectedVersion.Empty.IsSatisfiedBy(1));
        Assert.True(ExpectedVersion.Exactly(3).IsSatisfiedBy(3));
        Assert.False(ExpectedVersion.Exactly(3).IsSatisfiedBy(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exactly(-1));
        Assert.False(ExpectedVersion.TryFromNumber(-5, out _));
    }
}
