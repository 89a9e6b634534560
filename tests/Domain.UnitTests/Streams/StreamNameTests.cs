using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.UnitTests.Streams;

public sealed class StreamNameTests
{
    private const string SegmentsMessage =
        "stream must use segments that start with a letter or number and may contain letters, numbers, \"_\", and separators: / : @ ~ + = - # .";

    [Theory]
    [InlineData("orders-1")]
    [InlineData("orders.v1/eu-1")]
    [InlineData("a:b@c~d+e=f-g#h.i/j")]
    [InlineData("Order_Placed")]
    [InlineData("tags/featured")]
    [InlineData("0")]
    public void Validate_WellFormedNames_AreAccepted(string name)
    {
        Assert.Null(StreamName.Validate(name, "stream", allowAll: false));
        Assert.True(StreamName.TryParse(name, allowAll: false, out var parsed));
        Assert.Equal(name, parsed.Value);
    }

    [Theory]
    [InlineData("orders..1")]
    [InlineData("-orders")]
    [InlineData("orders-")]
    [InlineData("_hidden")]
    [InlineData("a b")]
    [InlineData("caf\u00e9")]
    [InlineData("a/_b")]
    [InlineData("a%2Fb")]
    public void Validate_MalformedNames_GetTheProtocolMessage(string name)
    {
        Assert.Equal(SegmentsMessage, StreamName.Validate(name, "stream", allowAll: false));
    }

    [Fact]
    public void Validate_Empty_And_TooLong_AreNamed()
    {
        Assert.Equal("types must not be empty.", StreamName.Validate("", "types", allowAll: true));
        Assert.Equal("stream must be at most 256 characters long.", StreamName.Validate(new string('a', 257), "stream", allowAll: false));
        Assert.Null(StreamName.Validate(new string('a', 256), "stream", allowAll: false));
    }

    [Fact]
    public void All_IsAcceptedOnlyWhereAllowed()
    {
        Assert.Null(StreamName.Validate("_all", "stream", allowAll: true));
        Assert.NotNull(StreamName.Validate("_all", "stream", allowAll: false));
        Assert.True(StreamName.All.IsAll);
        Assert.True(StreamName.All.IsHidden);
        Assert.False(StreamName.Parse("orders").IsHidden);
    }

    [Fact]
    public void Parse_Invalid_ThrowsWithTheMessage()
    {
        var exception = Assert.Throws<ArgumentException>(() => StreamName.Parse("a..b"));

        Assert.StartsWith("stream must use segments", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_WithLabel_GivesTheNameOrTheLabelledMessage()
    {
        Assert.True(StreamName.TryParse("orders/eu", "category", allowAll: false, out var name, out var error));
        Assert.Equal("orders/eu", name.Value);
        Assert.Null(error);

        Assert.False(StreamName.TryParse("a..b", "category", allowAll: false, out _, out error));
        Assert.StartsWith("category must use segments", error, StringComparison.Ordinal);

        Assert.True(StreamName.TryParse("_all", "stream", allowAll: true, out var all, out _));
        Assert.True(all.IsAll);
        Assert.False(StreamName.TryParse("_all", "stream", allowAll: false, out _, out _));
    }
}
