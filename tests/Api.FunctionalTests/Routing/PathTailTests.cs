using CleanEventStore.Api.Routing;

namespace CleanEventStore.Api.FunctionalTests.Routing;

public sealed class PathTailTests
{
    [Theory]
    [InlineData("orders-1/commit", new[] { "orders-1", "commit" })]
    [InlineData("orders%2Feu/1", new[] { "orders", "eu", "1" })]
    [InlineData("orders%2feu", new[] { "orders", "eu" })]
    [InlineData("", new string[0])]
    public void TrySplit_OneSpelling_GivesItsSegments(string tail, string[] expected)
    {
        Assert.True(PathTail.TrySplit(tail, null, out var segments, out var error), error);
        Assert.Equal(expected, segments);
    }

    [Theory]
    [InlineData("a//b")]
    [InlineData("a%2F%2Fb")]
    [InlineData("%2Fa")]
    [InlineData("a%2F")]
    [InlineData("/commit")]
    [InlineData("a/")]
    public void TrySplit_EmptySegment_IsRefusedNotDropped(string tail)
    {
        Assert.False(PathTail.TrySplit(tail, null, out var segments, out var error));
        Assert.Empty(segments);
        Assert.Contains("has an empty segment", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a%b")]
    [InlineData("a%41")]
    [InlineData("a%2")]
    public void TrySplit_PercentOtherThanAnEncodedSeparator_IsMalformed(string tail)
    {
        Assert.False(PathTail.TrySplit(tail, null, out _, out var error));
        Assert.Contains("malformed percent-encoding", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/streams/a%252Fb/commit", "contains \"%25\"")]
    [InlineData("/streams/a/./b", "the dot segment \".\"")]
    [InlineData("/streams/a/../b", "the dot segment \"..\"")]
    [InlineData("/streams/a/%2e%2E/b?x=1", "the dot segment \"%2e%2E\"")]
    public void CheckRawTarget_EncodedPercentAndDotSegments_AreRefused(string rawTarget, string expected)
    {
        Assert.Contains(expected, PathTail.CheckRawTarget(rawTarget), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/streams/a%2Fb/commit")]
    [InlineData("/streams/a.b/c?filter=%25")]
    [InlineData(null)]
    public void CheckRawTarget_OrdinaryTargets_Pass(string? rawTarget)
    {
        Assert.Null(PathTail.CheckRawTarget(rawTarget));
    }
}
