using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Domain.UnitTests.Dcb;

public sealed class DcbQueryTests
{
    private static DcbQuery Query(params DcbQueryItem[] items) => new(items);

    private static DcbQueryItem Item(string[]? types = null, string[]? tags = null) => new(types ?? [], tags ?? []);

    [Fact]
    public void ToSelector_TypeAndTag_IsIntersectionOfTagStreamAndType()
    {
        var selector = Query(Item(types: ["OrderPlaced"], tags: ["featured"])).ToSelector();

        Assert.Equal("[[\"tags/featured\",\"OrderPlaced\"]]", selector.ToJson());
    }

    [Fact]
    public void ToSelector_OneType_IsThatStream()
    {
        var selector = Query(Item(types: ["A"])).ToSelector();

        Assert.IsType<StreamSelector>(selector);
        Assert.Equal("[\"A\"]", selector.ToJson());
    }

    [Fact]
    public void ToSelector_TypesOnly_IsUnionOfTypes()
    {
        var selector = Query(Item(types: ["A", "B"])).ToSelector();

        Assert.Equal("[\"A\",\"B\"]", selector.ToJson());
    }

    [Fact]
    public void ToSelector_TagsOnly_IsIntersectionOfTagStreams()
    {
        var selector = Query(Item(tags: ["T1", "T2"])).ToSelector();

        Assert.Equal("[[\"tags/T1\",\"tags/T2\"]]", selector.ToJson());
    }

    [Fact]
    public void ToSelector_TagAndSeveralTypes_KeepsTypesAsUnionInsideIntersection()
    {
        var selector = Query(Item(types: ["A", "B"], tags: ["T"])).ToSelector();

        Assert.Equal("[[\"tags/T\",[\"A\",\"B\"]]]", selector.ToJson());
    }

    [Fact]
    public void ToSelector_EmptyItem_IsAll()
    {
        var selector = Query(Item()).ToSelector();

        Assert.True(selector.IsAll);
    }

    [Fact]
    public void ToSelector_EmptyItemAmongOthers_IsAll()
    {
        var selector = Query(Item(types: ["A"]), Item()).ToSelector();

        Assert.True(selector.IsAll);
    }

    [Fact]
    public void ToSelector_SeveralItems_AreUnitedAndDeduplicated()
    {
        var selector = Query(Item(types: ["A"]), Item(types: ["B"], tags: ["t"]), Item(types: ["A"])).ToSelector();

        Assert.Equal("[\"A\",[\"tags/t\",\"B\"]]", selector.ToJson());
    }

    [Fact]
    public void ToSelector_NoItems_Throws()
    {
        Assert.Throws<ArgumentException>(() => Query().ToSelector());
    }

    [Fact]
    public void ToSelector_InvalidType_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Query(Item(types: ["A", "Order..Placed"])).ToSelector());

        Assert.StartsWith("query.items[0].types[1] must use segments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSelector_AllAsType_Throws()
    {
        Assert.Throws<ArgumentException>(() => Query(Item(types: ["_all"])).ToSelector());
    }
}
