using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Domain.UnitTests.Selectors;

public sealed class SelectorTests
{
    private static Selector S(string name) => Selector.Stream(StreamName.Parse(name, allowAll: true));

    private static Selector Or(params Selector[] children) => Selector.Or(children);

    private static Selector And(params Selector[] children) => Selector.And(children);

    [Fact]
    public void Normalize_UnionContainingAll_IsAll()
    {
        var selector = Or(S("_all"), S("orders-1"));

        var normal = selector.Normalize();

        Assert.True(normal.IsAll);
        Assert.Equal("[\"_all\"]", normal.ToJson());
    }

    [Fact]
    public void Normalize_IntersectionContainingAll_IgnoresAll()
    {
        var selector = Or(And(S("_all"), S("orders-1")));

        var normal = selector.Normalize();

        var stream = Assert.IsType<StreamSelector>(normal);
        Assert.Equal("orders-1", stream.Name.Value);
        Assert.Equal("[\"orders-1\"]", normal.ToJson());
    }

    [Fact]
    public void Normalize_IntersectionOfOnlyAll_IsAll()
    {
        var normal = Or(And(S("_all"), S("_all"))).Normalize();

        Assert.True(normal.IsAll);
    }

    [Fact]
    public void Normalize_SingleElementUnion_CollapsesToStream()
    {
        var normal = Or(S("a")).Normalize();

        Assert.IsType<StreamSelector>(normal);
        Assert.Equal("[\"a\"]", normal.ToJson());
    }

    [Fact]
    public void Normalize_Duplicates_AreRemovedInOrder()
    {
        var normal = Or(S("b"), S("a"), S("b"), S("a")).Normalize();

        Assert.Equal("[\"b\",\"a\"]", normal.ToJson());
    }

    [Fact]
    public void Normalize_DuplicateIntersections_AreRemoved()
    {
        var normal = Or(And(S("t"), S("A")), And(S("t"), S("A"))).Normalize();

        Assert.Equal("[[\"t\",\"A\"]]", normal.ToJson());
    }

    [Fact]
    public void Normalize_NestedUnions_AreFlattened()
    {
        var normal = Or(S("a"), Or(S("b"), Or(S("c"), S("a")))).Normalize();

        var union = Assert.IsType<OrSelector>(normal);
        Assert.Equal(3, union.Children.Count);
        Assert.Equal("[\"a\",\"b\",\"c\"]", normal.ToJson());
    }

    [Fact]
    public void Normalize_NestedIntersections_AreFlattened()
    {
        var normal = Or(And(S("a"), And(S("b"), S("c")))).Normalize();

        var intersection = Assert.IsType<AndSelector>(normal);
        Assert.Equal(3, intersection.Children.Count);
        Assert.Equal("[[\"a\",\"b\",\"c\"]]", normal.ToJson());
    }

    [Fact]
    public void Normalize_EmptyUnion_Throws()
    {
        var selector = Selector.Or([]);

        Assert.Throws<InvalidOperationException>(() => selector.Normalize());
    }

    [Fact]
    public void ToJson_Stream_IsOneElementArray()
    {
        Assert.Equal("[\"orders-1\"]", S("orders-1").ToJson());
    }

    [Fact]
    public void ToJson_IntersectionAtTop_IsWrappedInUnion()
    {
        var json = And(S("tags/featured"), S("OrderPlaced")).ToJson();

        Assert.Equal("[[\"tags/featured\",\"OrderPlaced\"]]", json);
    }

    [Fact]
    public void ToJson_UnionInsideIntersection_IsArrayAtEvenDepth()
    {
        // tags/T AND (A OR B): the inner array sits at depth 2, which is a union.
        var json = And(S("tags/T"), Or(S("A"), S("B"))).ToJson();

        Assert.Equal("[[\"tags/T\",[\"A\",\"B\"]]]", json);
    }

    [Fact]
    public void ToJson_IntersectionInsideUnion_IsArrayAtOddDepth()
    {
        // a OR (b AND c)
        var json = Or(S("a"), And(S("b"), S("c"))).ToJson();

        Assert.Equal("[\"a\",[\"b\",\"c\"]]", json);
    }

    [Fact]
    public void ToJson_IntersectionDirectlyInsideIntersection_IsWrappedInOneElementUnion()
    {
        // Not normalized: AND(a, AND(b, c)) must keep the inner AND at an odd depth.
        var json = Or(And(S("a"), And(S("b"), S("c")))).ToJson();

        Assert.Equal("[[\"a\",[[\"b\",\"c\"]]]]", json);
    }

    [Fact]
    public void ToJson_UnionDirectlyInsideUnion_IsWrappedInOneElementIntersection()
    {
        var json = Or(S("a"), Or(S("b"), S("c"))).ToJson();

        Assert.Equal("[\"a\",[[\"b\",\"c\"]]]", json);
    }

    [Fact]
    public void ToJson_DeepAlternation_RendersEveryLevel()
    {
        // a OR (b AND (c OR (d AND e)))
        var json = Or(S("a"), And(S("b"), Or(S("c"), And(S("d"), S("e"))))).ToJson();

        Assert.Equal("[\"a\",[\"b\",[\"c\",[\"d\",\"e\"]]]]", json);
    }

    [Fact]
    public void Streams_MentionedOnceEach_InOrderOfAppearance()
    {
        var streams = Or(S("a"), And(S("b"), S("a")), S("c")).Streams();

        Assert.Equal(["a", "b", "c"], streams.Select(s => s.Value));
    }
}
